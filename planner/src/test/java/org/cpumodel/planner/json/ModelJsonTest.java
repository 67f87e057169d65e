package org.cpumodel.planner.json;

import org.cpumodel.planner.Fixtures;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.cpumodel.planner.baseline.Baseline;
import org.cpumodel.profile.FeatureSet;
import org.cpumodel.profile.GuestCpuModel;
import org.cpumodel.profile.ModelJson;
import org.cpumodel.profile.ProfileFormatException;
import org.junit.jupiter.api.Test;

class ModelJsonTest {

    private static GuestCpuModel model() {
        return Baseline.compute(Fixtures.gravitonUnder("7.3.4").subList(1, 3), FeatureSet.DEFAULT);
    }

    @Test
    void roundTripsWithTheSameId() {
        GuestCpuModel m = model();
        String json = ModelJson.write(m);
        GuestCpuModel back = ModelJson.parse("model.json", json);
        assertThat(back).isEqualTo(m);
        assertThat(ModelJson.write(back)).isEqualTo(json);
    }

    @Test
    void impossibleModelsRoundTripToo() {
        GuestCpuModel m = Baseline.compute(Fixtures.graviton(), FeatureSet.DEFAULT);
        assertThat(ModelJson.parse("m", ModelJson.write(m))).isEqualTo(m);
    }

    @Test
    void strictReaderNamesThePath() {
        String json = ModelJson.write(model());
        assertThatThrownBy(() -> ModelJson.parse("m.json", json.replaceFirst("\"possible\"", "\"posible\"")))
                .isInstanceOf(ProfileFormatException.class).hasMessageContaining("$.posible");
        assertThatThrownBy(() -> ModelJson.parse("m.json", json.replaceFirst("\"name\" : \"baseline", "\"name\" : \"Baseline")))
                .isInstanceOf(ProfileFormatException.class).hasMessageContaining("content hash mismatch");
        assertThatThrownBy(() -> ModelJson.parse("m.json", json.replaceFirst("\"version\" : 1", "\"version\" : 2")))
                .isInstanceOf(ProfileFormatException.class).hasMessageContaining("$.version");
        assertThatThrownBy(() -> ModelJson.parse("m.json", json.replaceFirst("\"policy\" : \"single\"", "\"policy\" : \"any\"")))
                .isInstanceOf(ProfileFormatException.class).hasMessageContaining("$.identity.policy");
        assertThatThrownBy(() -> ModelJson.parse("m.json", "{\"format\":\"cpumodel-host-profile\"}"))
                .isInstanceOf(ProfileFormatException.class).hasMessageContaining("is this a guest CPU model?");
    }
}
