package dev.horizon.config;

import static dev.horizon.config.SizingTest.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.horizon.sizing.Cpu;
import dev.horizon.sizing.Memory;
import dev.horizon.sizing.ResizePolicy;
import dev.horizon.sizing.Resources;
import dev.horizon.sizing.Size;
import dev.horizon.sizing.SizeCatalog;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/**
 * A service's instance size ({@code instances.resources}, {@code size}) and {@code resize-policy}, on a machine of 2
 * cores and 8 GiB.
 */
class InstancesSizeTest {

    private static final String HEAD = "services:\n  shop:\n    instances:\n      command: [x]\n";
    private static final String HARDWARE_LIMIT =
        " (the hardware limit: a bigger size needs a bigger machine, or more instances)";

    private static InstancesConfig instances(String lines) {
        return Objects.requireNonNull(parse(HEAD + lines).managed().get("shop")).instances();
    }

    @Test
    void resourcesGiveTheSizeAndTheDefaultCpuRequest() {
        InstancesConfig i = instances("      resources: { cpu: 500m, memory: 512Mi }\n");

        assertThat(i.resources()).isEqualTo(Resources.of("500m", "512Mi"));
        assertThat(i.size()).isNull();
        assertThat(i.cpuRequestMillis()).isEqualTo(500);
        assertThat(i.resizePolicy()).isEqualTo(ResizePolicy.IN_PLACE);
    }

    @Test
    void eitherResourceMayBeLeftOut() {
        InstancesConfig cpuOnly = instances("      resources: { cpu: 1.5 }\n");
        InstancesConfig memoryOnly = instances("      resources:\n        memory: 1Gi\n");

        assertThat(cpuOnly.resources()).isEqualTo(new Resources(Cpu.millicores(1500), null));
        assertThat(cpuOnly.cpuRequestMillis()).isEqualTo(1500);
        assertThat(memoryOnly.resources()).isEqualTo(new Resources(null, Memory.gibibytes(1)));
        assertThat(memoryOnly.cpuRequestMillis()).isEqualTo(InstancesConfig.DEFAULT_CPU_REQUEST_MILLIS);
    }

    @Test
    void anExplicitCpuRequestWinsOverTheSize() {
        assertThat(instances("      resources: { cpu: 500m }\n      cpu-request: 250m\n").cpuRequestMillis())
            .isEqualTo(250);
    }

    @Test
    void withoutASizeInstancesAreUnlimited() {
        InstancesConfig i = instances("");

        assertThat(i.resources()).isEqualTo(Resources.UNLIMITED);
        assertThat(i.size()).isNull();
        assertThat(i.cpuRequestMillis()).isEqualTo(1000);
    }

    @Test
    void aNamedSizeComesFromTheCatalogueWithItsPrice() {
        InstancesConfig i = instances("      size: t3.micro\n      resize-policy: restart\n");

        Size micro = SizeCatalog.defaults().named("t3.micro").orElseThrow();
        assertThat(i.size()).isEqualTo(micro);
        assertThat(Objects.requireNonNull(i.size()).pricePerHour()).isEqualTo(0.0104);
        assertThat(i.resources()).isEqualTo(Resources.of("2", "1Gi"));
        assertThat(i.cpuRequestMillis()).isEqualTo(2000);
        assertThat(i.resizePolicy()).isEqualTo(ResizePolicy.RESTART);
    }

    @Test
    void aSizePastTheMachineIsRefusedNamingTheCeiling() {
        assertThatThrownBy(() -> parse(HEAD + "      resources: { cpu: 4000m }\n"))
            .hasMessage("horizon.yaml:5: services.shop.instances.resources: cpu 4000m is more than this machine's "
                + "2000m" + HARDWARE_LIMIT);
        assertThatThrownBy(() -> parse(HEAD + "      resources: { cpu: 3, memory: 16Gi }\n"))
            .hasMessage("horizon.yaml:5: services.shop.instances.resources: cpu 3000m is more than this machine's "
                + "2000m and memory 16Gi is more than this machine's 8Gi" + HARDWARE_LIMIT);
        assertThatThrownBy(() -> parse(HEAD + "      size: m6i.xlarge\n"))
            .hasMessage("horizon.yaml:5: services.shop.instances.size: 'm6i.xlarge' is too big: cpu 4000m is more "
                + "than this machine's 2000m and memory 16Gi is more than this machine's 8Gi" + HARDWARE_LIMIT);
    }

    @Test
    void anUnknownSizeIsRefusedListingTheCatalogue() {
        assertThatThrownBy(() -> parse(HEAD + "      size: t3.mcro\n"))
            .hasMessage("horizon.yaml:5: services.shop.instances.size: 't3.mcro' (expected: a size of the catalogue: "
                + "t3.micro, t3.small, t3.medium, t3.large, m6i.large, m6i.xlarge, m6i.2xlarge, m6i.4xlarge, "
                + "m6i.8xlarge, r6i.16xlarge)");
    }

    @Test
    void resourcesAndSizeTogetherAreRefused() {
        assertThatThrownBy(() -> parse(HEAD + "      resources: { cpu: 500m }\n      size: t3.micro\n"))
            .hasMessage("horizon.yaml:6: services.shop.instances.size: set with resources (expected: one of "
                + "resources, size)");
    }

    @Test
    void badResourcesAreRefusedAtTheirKey() {
        assertThatThrownBy(() -> parse(HEAD + "      resources: { cpu: 5m }\n"))
            .hasMessage("horizon.yaml:5: services.shop.instances.resources.cpu: '5m' (expected: 10m..1024 cores)");
        assertThatThrownBy(() -> parse(HEAD + "      resources: { cpu: lots }\n"))
            .hasMessage("horizon.yaml:5: services.shop.instances.resources.cpu: 'lots' (expected: CPU like 250m, "
                + "500m, 1, 1.5 — millicores with m, or cores)");
        assertThatThrownBy(() -> parse(HEAD + "      resources:\n        memory: 512MB\n"))
            .hasMessage("horizon.yaml:6: services.shop.instances.resources.memory: '512MB' (expected: memory like "
                + "256Mi, 512Mi, 1Gi, 1.5Gi, 500M)");
        assertThatThrownBy(() -> parse(HEAD + "      resources: { cpus: 1 }\n"))
            .hasMessage("horizon.yaml:5: unknown key 'cpus' under services.shop.instances.resources (did you mean "
                + "'cpu'?)");
        assertThatThrownBy(() -> parse(HEAD + "      resources: {}\n"))
            .hasMessage("horizon.yaml:5: services.shop.instances.resources: empty (expected: cpu, memory or both, "
                + "like { cpu: 500m, memory: 512Mi })");
    }

    @Test
    void anUnknownResizePolicyIsRefusedWithTheChoices() {
        assertThatThrownBy(() -> parse(HEAD + "      resize-policy: restrat\n"))
            .hasMessage("horizon.yaml:5: services.shop.instances.resize-policy: 'restrat' (did you mean 'restart'?)");
        assertThatThrownBy(() -> parse(HEAD + "      resize-policy: never\n"))
            .hasMessage("horizon.yaml:5: services.shop.instances.resize-policy: 'never' (expected: in-place or "
                + "restart)");
    }
}
