package dev.horizon.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The module rules of {@code docs/design.md}, checked on the compiled main classes of every module: the pure modules
 * never touch the wall clock, threads or sockets; nobody imports another module's {@code internal} package; each
 * module depends only on the modules the design allows. {@code ModuleRulesProofTest} shows each rule catches a
 * violation.
 */
class ModuleRulesTest {

    /** Every module's root package. */
    static final List<String> MODULES = List.of("duration", "balance", "autoscale", "fleet", "gateway", "localdb",
        "testing", "session", "data", "demo", "config", "control", "admin", "showcase", "reshard", "cli");

    /** The modules each module may depend on (beyond itself), as in the module table of docs/design.md. */
    static final Map<String, List<String>> ALLOWED = Map.ofEntries(
        Map.entry("duration", List.of()),
        Map.entry("balance", List.of("duration")),
        Map.entry("autoscale", List.of("duration")),
        Map.entry("fleet", List.of("duration")),
        Map.entry("gateway", List.of("duration", "balance")),
        Map.entry("localdb", List.of()),
        Map.entry("testing", List.of("localdb")),
        Map.entry("session", List.of("duration")),
        Map.entry("data", List.of("duration", "balance")),
        Map.entry("demo", List.of("duration", "session", "data")),
        Map.entry("config", List.of("duration", "balance", "autoscale", "fleet", "gateway")),
        Map.entry("control", List.of("duration", "balance", "autoscale", "fleet", "gateway", "config")),
        Map.entry("admin", List.of("duration", "gateway", "config", "control")),
        Map.entry("showcase", List.of("duration", "autoscale", "fleet", "config", "control", "localdb")),
        // `horizon reshard`: the data tier's resharder (its sharding module once data is split)
        Map.entry("reshard", List.of("duration", "balance", "data")),
        Map.entry("cli", List.of("duration", "balance", "autoscale", "fleet", "gateway", "config", "control",
            "admin", "showcase", "reshard")));

    static final JavaClasses HORIZON = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("dev.horizon");

    /** Pure modules: no wall clock, no threads, no sockets, no Netty (they take a clock and a RandomGenerator). */
    static List<ArchRule> pureModuleRules() {
        List<ArchRule> rules = new ArrayList<>();
        for (String module : List.of("duration", "balance", "autoscale")) {
            String pkg = "dev.horizon." + module + "..";
            rules.add(noClasses().that().resideInAPackage(pkg)
                .should().callMethod(System.class, "currentTimeMillis")
                .orShould().callMethod(System.class, "nanoTime")
                .orShould().callMethod(java.time.Instant.class, "now")
                .orShould().callMethod(java.time.LocalDateTime.class, "now")
                .orShould().callMethod(java.time.ZonedDateTime.class, "now")
                .orShould().callMethod(java.time.Clock.class, "systemUTC")
                .orShould().callMethod(java.time.Clock.class, "systemDefaultZone")
                .orShould().callMethod(Thread.class, "sleep", long.class)
                .because(module + " is pure: time is injected (docs/design.md)"));
            rules.add(noClasses().that().resideInAPackage(pkg)
                .should().dependOnClassesThat().resideInAnyPackage("java.net..", "java.nio.channels..", "io.netty..")
                .orShould().dependOnClassesThat().areAssignableTo(Thread.class)
                .orShould().dependOnClassesThat().areAssignableTo(java.util.concurrent.Executor.class)
                .because(module + " is pure: no sockets or threads (docs/design.md)"));
        }
        return rules;
    }

    /** The gateway reads time only through its injected clock; one class reads the system's clocks. */
    static ArchRule gatewayClockRule() {
        return noClasses().that().resideInAPackage("dev.horizon.gateway..")
            .and().doNotHaveFullyQualifiedName("dev.horizon.gateway.internal.SystemClock")
            .should().callMethod(System.class, "currentTimeMillis")
            .orShould().callMethod(System.class, "nanoTime")
            .orShould().callMethod(java.time.Instant.class, "now")
            .because("the gateway takes its time from GatewayClock (issue 20: one injected clock)");
    }

    /** Nobody imports another module's internal package. */
    static List<ArchRule> internalRules() {
        List<ArchRule> rules = new ArrayList<>();
        for (String module : MODULES) {
            rules.add(noClasses().that().resideOutsideOfPackage("dev.horizon." + module + "..")
                .should().dependOnClassesThat().resideInAPackage("dev.horizon." + module + "..internal..")
                .because("internal packages are not for other modules (docs/design.md)"));
        }
        return rules;
    }

    /** Module dependencies follow the design's table. */
    static List<ArchRule> dependencyRules() {
        List<ArchRule> rules = new ArrayList<>();
        for (String module : MODULES) {
            List<String> forbidden = new ArrayList<>();
            for (String other : MODULES) {
                if (!other.equals(module) && !ALLOWED.getOrDefault(module, List.of()).contains(other)) {
                    forbidden.add("dev.horizon." + other + "..");
                }
            }
            if (!forbidden.isEmpty()) {
                rules.add(noClasses().that().resideInAPackage("dev.horizon." + module + "..")
                    .should().dependOnClassesThat().resideInAnyPackage(forbidden.toArray(String[]::new))
                    .because(module + " may depend on " + ALLOWED.getOrDefault(module, List.of())
                        + " only (docs/design.md)"));
            }
        }
        return rules;
    }

    @Test
    void pureModulesNeverTouchTheWallClockThreadsOrSockets() {
        pureModuleRules().forEach(rule -> rule.check(HORIZON));
    }

    @Test
    void theGatewayReadsTimeOnlyThroughItsClock() {
        gatewayClockRule().check(HORIZON);
    }

    @Test
    void noModuleImportsAnotherModulesInternalPackage() {
        internalRules().forEach(rule -> rule.check(HORIZON));
    }

    @Test
    void moduleDependenciesFollowTheDesign() {
        dependencyRules().forEach(rule -> rule.check(HORIZON));
    }
}
