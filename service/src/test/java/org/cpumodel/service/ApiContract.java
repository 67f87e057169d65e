package org.cpumodel.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.cpumodel.emit.EmitFormat;
import org.cpumodel.emit.Emitters;
import org.cpumodel.planner.baseline.Baseline;
import org.cpumodel.planner.check.ModelCheck;
import org.cpumodel.planner.pools.Partition;
import org.cpumodel.planner.pools.Pool;
import org.cpumodel.planner.pools.PoolOptions;
import org.cpumodel.planner.pools.Pools;
import org.cpumodel.profile.FeatureSet;
import org.cpumodel.profile.GuestCpuModel;
import org.cpumodel.profile.HostProfile;
import org.cpumodel.profile.ModelJson;
import org.cpumodel.profile.ProfileJson;
import org.cpumodel.service.fleet.DistinctProfile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The REST API on the lab fleet, on one database (the subclasses: embedded H2, PostgreSQL). Every answer
 * is checked against the library computing the same thing directly (the planner's reference paths,
 * the emitters), never against hard-coded results. The tests share one service and run in order: the
 * fleet is uploaded first.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class ApiContract {

    private ServiceFixture fixture;
    private Client api;
    private final Map<String, String> docs = LabFleet.documents();
    private final Map<String, HostProfile> hosts = new LinkedHashMap<>();

    /** Starts the service under test. */
    abstract ServiceFixture startService();

    Client api() {
        if (api == null) {
            fixture = startService();
            api = fixture.client();
        }
        return api;
    }

    @AfterAll
    void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    private List<DistinctProfile> distinct() {
        Map<String, DistinctProfile> out = new LinkedHashMap<>();
        hosts.values().forEach(h -> {
            DistinctProfile d = DistinctProfile.of(h);
            out.putIfAbsent(d.id(), d);
        });
        return List.copyOf(out.values());
    }

    @Test
    @Order(1)
    void uploadsTheLabFleetIdempotently() {
        for (Map.Entry<String, String> e : docs.entrySet()) {
            Client.Response r = api().post("/api/profiles", e.getValue());
            assertThat(r.status()).as(r.body()).isEqualTo(201);
            HostProfile p = ProfileJson.parse(e.getKey(), e.getValue());
            hosts.put(p.host().name(), p);
            assertThat(r.json().path("uploadId").asText()).isEqualTo(p.id());
            assertThat(r.json().path("profileId").asText()).isEqualTo(DistinctProfile.of(p).id());
            assertThat(r.json().path("outcome").asText()).isEqualTo("created");
        }
        String first = docs.values().iterator().next();
        Client.Response again = api().post("/api/profiles", first);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().path("outcome").asText()).isEqualTo("unchanged");
        JsonNode status = api().get("/api/status").json();
        assertThat(status.path("rows").path("host").asLong()).isEqualTo(docs.size());
        assertThat(status.path("rows").path("profile").asLong()).isEqualTo(distinct().size());
    }

    @Test
    @Order(2)
    void hostsShareADistinctProfile() {
        String doc = docs.get("neoverse-n1_6.12");
        HostProfile original = ProfileJson.parse("n1", doc);
        Client.Response r = api().post("/api/profiles", LabFleet.renamed(doc, "rack7-n1"));
        assertThat(r.status()).isEqualTo(201);
        assertThat(r.json().path("newProfile").asBoolean()).isFalse();
        assertThat(r.json().path("profileId").asText()).isEqualTo(DistinctProfile.of(original).id());
        hosts.put("rack7-n1", ProfileJson.parse("rack7", LabFleet.renamed(doc, "rack7-n1")));
        JsonNode profiles = api().get("/api/profiles").json().path("profiles");
        assertThat(profiles).hasSize(distinct().size());
        assertThat(profiles.get(0).path("hostCount").asInt()).as("most hosts first").isEqualTo(2);
        assertThat(profiles.get(0).path("id").asText()).isEqualTo(DistinctProfile.of(original).id());
        // the stored distinct profile is a valid profile document that hashes to its id
        String id = profiles.get(0).path("id").asText();
        HostProfile stored = ProfileJson.parse("stored", api().get("/api/profiles/" + id).body());
        assertThat(stored.id()).isEqualTo(id);
        assertThat(stored.host().name()).isEqualTo(DistinctProfile.ANONYMOUS);
        JsonNode fleet = api().get("/api/fleet").json();
        assertThat(fleet.path("hostCount").asInt()).isEqualTo(hosts.size());
        assertThat(fleet.path("groups").path("byKernel").size()).isEqualTo(3);
    }

    @Test
    @Order(3)
    void poolsAreThePlannersPools() {
        JsonNode pools = api().get("/api/pools").json();
        Partition ref = Pools.partitionReference(distinct().stream().map(DistinctProfile::profile).toList(), PoolOptions.of(FeatureSet.DEFAULT));
        assertThat(pools.path("pools")).hasSize(ref.pools().size());
        for (int i = 0; i < ref.pools().size(); i++) {
            Pool p = ref.pools().get(i);
            JsonNode n = pools.path("pools").get(i);
            assertThat(n.path("baselineId").asText()).isEqualTo(p.baseline().id());
            Set<String> members = new TreeSet<>();
            n.path("members").forEach(m -> members.add(m.path("profileId").asText()));
            assertThat(members).containsExactlyInAnyOrderElementsOf(p.members().stream().map(HostProfile::id).toList());
            for (JsonNode m : n.path("members")) {
                List<String> lost = new ArrayList<>();
                m.path("featuresLost").forEach(x -> lost.add(x.asText()));
                assertThat(lost).isEqualTo(p.baseline().loss(m.path("profileId").asText()).map(GuestCpuModel.MemberLoss::lost).orElse(List.of()));
            }
            // the baseline is stored and readable as a model
            GuestCpuModel stored = ModelJson.parse("m", api().get("/api/models/" + p.baseline().id()).body());
            assertThat(stored.id()).isEqualTo(p.baseline().id());
        }
        int hostsInPools = 0;
        for (JsonNode n : pools.path("pools")) {
            hostsInPools += n.path("hostCount").asInt();
        }
        assertThat(hostsInPools + pools.path("unplaced").size()).isEqualTo(hosts.size());
        Client.Response stored = api().post("/api/pools", "{\"featureSet\": \"default\"}");
        assertThat(stored.status()).as(stored.body()).isEqualTo(201);
        long id = stored.json().path("id").asLong();
        JsonNode back = api().get("/api/pool-sets/" + id).json();
        assertThat(back.path("pools")).isEqualTo(pools.path("pools"));
        assertThat(api().get("/api/pool-sets").json().path("poolSets")).hasSize(1);
    }

    @Test
    @Order(4)
    void baselineEmitAndCheckAreTheLibrarys() {
        List<String> names = List.of("lab-neoverse-n1-6.12", "lab-cortex-a76-6.12");
        Client.Response r = api().post("/api/baselines", "{\"hosts\": [\"" + names.get(0) + "\", \"" + names.get(1) + "\"], \"featureSet\": \"default\"}");
        assertThat(r.status()).as(r.body()).isIn(200, 201);
        List<HostProfile> members = names.stream().map(n -> DistinctProfile.of(hosts.get(n)).profile()).toList();
        GuestCpuModel expected = Baseline.compute(members, FeatureSet.DEFAULT);
        assertThat(r.json().path("id").asText()).isEqualTo(expected.id());
        assertThat(r.json().path("possible").asBoolean()).isEqualTo(expected.possible());
        String id = expected.id();
        assertThat(api().get("/api/models/" + id).body()).isEqualTo(ModelJson.write(expected));
        for (EmitFormat f : EmitFormat.values()) {
            Client.Response e = api().get("/api/models/" + id + "/emit?format=" + f.id());
            assertThat(e.status()).as(e.body()).isEqualTo(200);
            assertThat(e.body()).isEqualTo(Emitters.emit(f, expected, null).text());
            Client.Response withHost = api().get("/api/models/" + id + "/emit?format=" + f.id() + "&host=" + names.get(0));
            assertThat(withHost.body()).isEqualTo(Emitters.emit(f, expected, members.get(0)).text());
        }
        for (HostProfile h : hosts.values()) {
            JsonNode c = api().get("/api/models/" + id + "/check?host=" + h.host().name()).json();
            ModelCheck.Report ref = ModelCheck.run(expected, DistinctProfile.of(h).profile());
            assertThat(c.path("accepted").asBoolean()).as(h.host().name()).isEqualTo(ref.accepted());
            assertThat(c.path("explanations").size()).isEqualTo((int) ref.steps().stream().filter(s -> !s.ok()).count());
        }
        assertThat(api().get("/api/models").json().path("models").size()).isGreaterThanOrEqualTo(1);
    }

    @Test
    @Order(5)
    void placementIsModelCheckOverTheFleet() {
        String source = "lab-cortex-a72-6.12";
        JsonNode pl = api().get("/api/placement?host=" + source + "&limit=1000").json();
        GuestCpuModel own = Baseline.compute(List.of(DistinctProfile.of(hosts.get(source)).profile()), FeatureSet.DEFAULT);
        assertThat(pl.path("model").path("id").asText()).isEqualTo(own.id());
        Set<String> expected = new TreeSet<>();
        for (HostProfile h : hosts.values()) {
            if (!h.host().name().equals(source) && ModelCheck.run(own, DistinctProfile.of(h).profile()).accepted()) {
                expected.add(h.host().name());
            }
        }
        Set<String> got = new TreeSet<>();
        pl.path("accepting").path("hosts").forEach(n -> got.add(n.asText()));
        assertThat(got).isEqualTo(expected);
        assertThat(pl.path("accepting").path("hostCount").asInt() + pl.path("refusing").path("hostCount").asInt()).isEqualTo(hosts.size() - 1);
        // by model id, with the reasons of the refusing profiles
        String modelId = api().get("/api/pools").json().path("pools").get(0).path("baselineId").asText();
        JsonNode byModel = api().get("/api/placement?model=" + modelId + "&explain=true").json();
        assertThat(byModel.path("why").size()).isEqualTo(byModel.path("refusing").path("profiles").size());
        for (JsonNode w : byModel.path("why")) {
            assertThat(w.path("reason").asText()).isNotBlank();
            assertThat(w.has("rule") && w.has("kernelRelease") && w.has("verified")).isTrue();
        }
    }

    @Test
    @Order(6)
    void matrixAndExplanationsAreTheBaselinesOfPairs() {
        JsonNode m = api().get("/api/matrix").json();
        List<String> ids = new ArrayList<>();
        m.path("profiles").forEach(p -> ids.add(p.path("id").asText()));
        assertThat(ids).hasSize(distinct().size());
        Map<String, HostProfile> byId = new LinkedHashMap<>();
        distinct().forEach(d -> byId.put(d.id(), d.profile()));
        String blockedA = null;
        String blockedB = null;
        for (int i = 0; i < ids.size(); i++) {
            for (int j = i + 1; j < ids.size(); j++) {
                boolean possible = Baseline.compute(List.of(byId.get(ids.get(i)), byId.get(ids.get(j))), FeatureSet.DEFAULT).possible();
                char c = m.path("pool").get(i).asText().charAt(j);
                assertThat(c == 'Y').as(i + "," + j).isEqualTo(possible);
                if (c == 'N' && blockedA == null) {
                    blockedA = ids.get(i);
                    blockedB = ids.get(j);
                }
            }
        }
        assertThat(blockedA).as("the lab fleet has pairs that cannot share a pool").isNotNull();
        JsonNode ex = api().get("/api/explain?a=" + blockedA + "&b=" + blockedB).json();
        assertThat(ex.path("possibleToday").asBoolean()).isFalse();
        assertThat(ex.path("blockers").size()).isGreaterThan(0);
        JsonNode b0 = ex.path("blockers").get(0);
        assertThat(b0.path("reason").asText()).isNotBlank();
        assertThat(b0.path("kernelRelease").asText()).isNotBlank();
        // the planner's structured blockers reach the API: a field blocker names its rule, the kernels and whether it is verified
        List<JsonNode> ruled = new ArrayList<>();
        ex.path("blockers").forEach(b -> {
            if (b.path("rule").isTextual()) {
                ruled.add(b);
            }
        });
        assertThat(ruled).as("blockers with the kernel rule in words: %s", ex.path("blockers")).isNotEmpty();
        assertThat(ruled).allSatisfy(b -> {
            assertThat(b.path("verified").isBoolean()).as(b.toString()).isTrue();
            assertThat(b.path("kernels").asText()).as(b.toString()).isNotBlank();
        });
        assertThat(ex.path("compare").path("result").asText()).isIn("subset", "superset", "incompatible", "identical");
        JsonNode w = api().get("/api/gic-what-if").json();
        assertThat(w.has("unlockedPairs")).isTrue();
    }

    @Test
    @Order(7)
    void deleteRemovesAHost() {
        Client.Response d = api().delete("/api/hosts/rack7-n1");
        assertThat(d.status()).isEqualTo(204);
        assertThat(api().get("/api/hosts/rack7-n1").status()).isEqualTo(404);
        assertThat(api().delete("/api/hosts/rack7-n1").status()).isEqualTo(404);
        hosts.remove("rack7-n1");
        JsonNode list = api().get("/api/hosts").json();
        assertThat(list.path("total").asInt()).isEqualTo(hosts.size());
        Set<String> names = new HashSet<>();
        list.path("hosts").forEach(h -> names.add(h.path("name").asText()));
        assertThat(names).isEqualTo(hosts.keySet());
        assertThat(api().get("/").body()).contains("<html");
    }
}
