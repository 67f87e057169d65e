package org.cpumodel.planner.json;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.cpumodel.planner.check.ModelCheck;
import org.cpumodel.planner.compare.Compare;
import org.cpumodel.planner.gic.GicWhatIf;
import org.cpumodel.planner.pools.Pools;
import org.cpumodel.profile.HostProfile;
import org.cpumodel.profile.Json;
import org.cpumodel.profile.ModelJson;

/** JSON for machines: check reports, comparisons, pools and the GIC what-if report. */
public final class PlannerJson {

    private PlannerJson() {
    }

    public static ObjectNode check(ModelCheck.Report r) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("host", r.host());
        o.put("profileId", r.profileId());
        o.put("modelId", r.modelId());
        o.put("accepted", r.accepted());
        ArrayNode steps = o.putArray("steps");
        for (ModelCheck.Step s : r.steps()) {
            ObjectNode n = steps.addObject();
            n.put("ioctl", s.ioctl());
            n.put("register", s.register());
            n.put("value", Json.hex(s.value()));
            n.put("errno", s.errno().name());
            n.put("field", s.field());
            n.put("rule", s.rule());
            n.put("explanation", s.explanation());
        }
        return o;
    }

    public static ObjectNode compare(Compare.Result r) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("a", r.a());
        o.put("b", r.b());
        o.put("result", r.relation().word());
        ArrayNode resp = o.putArray("responsible-properties");
        r.responsible().forEach(resp::add);
        ArrayNode diffs = o.putArray("differences");
        for (Compare.Difference d : r.differences()) {
            ObjectNode n = diffs.addObject();
            n.put("property", d.property());
            n.put("a", d.a());
            n.put("b", d.b());
            n.put("bRunsOnA", d.aHoldsB());
            n.put("aRunsOnB", d.bHoldsA());
            ArrayNode oa = n.putArray("onlyA");
            d.onlyA().forEach(oa::add);
            ArrayNode ob = n.putArray("onlyB");
            d.onlyB().forEach(ob::add);
        }
        ArrayNode notes = o.putArray("notes");
        r.notes().forEach(notes::add);
        return o;
    }

    public static ObjectNode pools(Pools.Result r, GicWhatIf.Report whatIf) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("featureSet", r.options().features().name());
        ArrayNode req = o.putArray("require");
        new java.util.TreeSet<>(r.options().require()).forEach(req::add);
        o.put("maxPools", r.options().maxPools());
        o.put("gicWhatIf", r.options().gicWhatIf());
        ArrayNode pools = o.putArray("pools");
        for (Pools.Pool p : r.pools()) {
            ObjectNode n = pools.addObject();
            n.put("number", p.number());
            ArrayNode members = n.putArray("members");
            for (HostProfile h : p.members()) {
                ObjectNode m = members.addObject();
                m.put("profileId", h.id());
                m.put("name", h.host().name());
                m.put("kernelRelease", h.host().kernelRelease());
                ArrayNode lost = m.putArray("featuresLost");
                p.baseline().loss(h.id()).ifPresent(l -> l.lost().forEach(lost::add));
            }
            n.put("baselineId", p.baseline().id());
            ArrayNode sep = n.putArray("separateBecause");
            p.separateBecause().forEach(sep::add);
            ArrayNode seps = n.putArray("separations");
            for (Pools.Separation x : p.separations()) {
                ObjectNode sn = seps.addObject();
                ArrayNode with = sn.putArray("notWith");
                x.notWith().forEach(with::add);
                ArrayNode bl = sn.putArray("blockers");
                x.blockers().forEach(b -> bl.add(ModelJson.blocker(b)));
                sn.put("unverifiedBlockers", x.unverified());
                ArrayNode lose = sn.putArray("wouldLose");
                x.wouldLose().forEach(lose::add);
            }
            ArrayNode feats = n.putArray("features");
            Pools.features(p.baseline()).forEach(feats::add);
            n.set("baseline", ModelJson.toTree(p.baseline()));
        }
        ArrayNode un = o.putArray("unplaced");
        for (Pools.Unplaced u : r.unplaced()) {
            ObjectNode n = un.addObject();
            n.put("profileId", u.profileId());
            n.put("name", u.name());
            n.put("why", u.why());
        }
        ArrayNode notes = o.putArray("notes");
        r.notes().forEach(notes::add);
        if (whatIf != null) {
            o.set("gicWhatIf", gicWhatIf(whatIf));
        }
        return o;
    }

    public static ObjectNode gicWhatIf(GicWhatIf.Report w) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        ArrayNode pairs = o.putArray("unlockedPairs");
        for (GicWhatIf.Pair p : w.unlocked()) {
            ObjectNode n = pairs.addObject();
            n.put("a", p.a());
            n.put("b", p.b());
            n.put("difference", p.difference());
            n.put("modelIccCtlr", Json.hex(p.modelIccCtlr()));
        }
        ArrayNode hosts = o.putArray("trappingHosts");
        for (GicWhatIf.HostCost h : w.hosts()) {
            ObjectNode n = hosts.addObject();
            n.put("host", h.host());
            n.put("fgt", h.fgt());
            n.put("trapped", h.trapped());
            ArrayNode costs = n.putArray("costs");
            for (GicWhatIf.GuestCost c : h.costs()) {
                ObjectNode cn = costs.addObject();
                cn.put("guest", c.guest());
                cn.put("pmrWritesPerSecond", c.pmrWritesPerSecond());
                cn.put("percentOfOneCpu", c.percentOfOneCpu());
            }
        }
        ObjectNode a = o.putObject("assumptions");
        w.assumptions().forEach(a::put);
        return o;
    }
}
