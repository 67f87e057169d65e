package org.cpumodel.service.api;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.cpumodel.profile.GuestCpuModel;
import org.cpumodel.profile.ModelJson;
import org.cpumodel.service.db.Inventory;

/** Stored guest CPU models by id, parsed once (models are content-addressed, so a parsed model never goes stale). */
final class ModelLookup {

    private static final int MAX_CACHED = 5_000;

    private final Inventory inventory;
    private final Map<String, GuestCpuModel> parsed = new ConcurrentHashMap<>();

    ModelLookup(Inventory inventory) {
        this.inventory = inventory;
    }

    GuestCpuModel byId(String field, String id) {
        GuestCpuModel m = parsed.get(id);
        if (m != null) {
            return m;
        }
        String doc = inventory.modelDocument(id)
                .orElseThrow(() -> ApiException.notFound(field, "no model " + id + " (GET /api/models lists them)"));
        m = ModelJson.parse("model " + id, doc);
        remember(m);
        return m;
    }

    /** Stores the model unless stored already; true when it was new. */
    boolean store(GuestCpuModel m) {
        boolean created = inventory.storeModel(row(m), ModelJson.write(m));
        remember(m);
        return created;
    }

    static Inventory.ModelRow row(GuestCpuModel m) {
        String name = m.name().length() > 300 ? m.name().substring(0, 297) + "..." : m.name();
        return new Inventory.ModelRow(m.id(), name, m.featureSet().name(), m.possible(), m.gic() != null && m.gic().whatIfRange(),
                m.members().size(), null);
    }

    private void remember(GuestCpuModel m) {
        if (parsed.size() > MAX_CACHED) {
            parsed.clear();
        }
        parsed.put(m.id(), m);
    }
}
