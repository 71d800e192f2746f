package dev.horizon.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The module rules of {@code docs/design.md}, checked on the compiled main classes of every module: the pure modules
 * never touch the wall clock, threads or sockets; nobody imports another module's {@code internal} package; each
 * module depends only on the modules the design allows. {@code ModuleRulesProofTest} shows each rule catches a
 * violation.
 */
class ModuleRulesTest {

    /**
     * Every module's root package under {@code dev.horizon}. The data modules keep their users' package names:
     * {@code data} is the one package {@code horizon-data-core} and {@code horizon-data-replicas} share (Maven keeps
     * core free of replicas: it compiles without it), and each other data module is a package under it.
     */
    static final List<String> MODULES = List.of("duration", "spelling", "sizing", "limit", "balance", "autoscale",
        "deploy", "sim", "fleet", "gateway", "localdb", "testing", "session", "data", "data.shard", "data.cache",
        "data.servlet", "demo", "config", "charts", "control", "admin", "showcase", "reshard", "cli");

    /** The classes of {@code horizon-data-core}: all the shard, cache and servlet modules may use of {@code data}. */
    static final Set<String> DATA_CORE = Set.of("dev.horizon.data.DataScope", "dev.horizon.data.CausalToken",
        "dev.horizon.data.MetricLines", "dev.horizon.data.package-info");

    /** The modules each module may depend on (beyond itself), as in the module table of docs/design.md. */
    static final Map<String, List<String>> ALLOWED = Map.ofEntries(
        Map.entry("duration", List.of()),
        Map.entry("spelling", List.of()),
        Map.entry("sizing", List.of()),
        // the rate-limit laws (GCRA, the token bucket): pure, for the gateway's local and Redis limits
        Map.entry("limit", List.of("duration")),
        Map.entry("balance", List.of("duration", "spelling")),
        Map.entry("autoscale", List.of("duration", "sizing")),
        Map.entry("deploy", List.of("duration")),
        // limit: the gateway's concurrency-limit laws, so the simulator sheds load as the gateway does
        Map.entry("sim", List.of("duration", "spelling", "sizing", "limit", "balance", "autoscale")),
        Map.entry("fleet", List.of("duration", "sizing")),
        Map.entry("gateway", List.of("duration", "limit", "balance")),
        Map.entry("localdb", List.of()),
        Map.entry("testing", List.of("localdb")),
        Map.entry("session", List.of("duration")),
        Map.entry("data", List.of("duration", "balance")),
        Map.entry("data.shard", List.of("duration", "balance", "data")),
        Map.entry("data.cache", List.of("duration", "data")),
        Map.entry("data.servlet", List.of("data")),
        Map.entry("demo", List.of("duration", "session", "data", "data.cache", "data.servlet")),
        Map.entry("config", List.of("duration", "spelling", "sizing", "balance", "autoscale", "deploy", "fleet",
            "gateway")),
        // the timeline chart renderer: JFreeChart only, so the simulator and the demo recording both can use it
        Map.entry("charts", List.of()),
        Map.entry("control", List.of("duration", "sizing", "balance", "autoscale", "deploy", "fleet", "gateway",
            "config")),
        // charts: the dashboard serves uPlot and timeline.js from WebCharts, as report.html inlines them
        Map.entry("admin", List.of("duration", "spelling", "sizing", "deploy", "gateway", "config", "control",
            "charts")),
        Map.entry("showcase", List.of("duration", "sizing", "autoscale", "fleet", "config", "charts", "control",
            "localdb")),
        // `horizon reshard`: the data tier's resharder, and nothing else of the data tier
        Map.entry("reshard", List.of("duration", "balance", "data.shard")),
        // spelling: horizon profile's did-you-mean for a service name it looks up in the admin API
        Map.entry("cli", List.of("duration", "spelling", "sizing", "balance", "autoscale", "deploy", "sim", "fleet",
            "gateway", "config", "charts", "control", "admin", "showcase", "reshard")));

    static final JavaClasses HORIZON = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("dev.horizon");

    /** A module's packages: its root package and the ones under it, except {@code data}, whose are modules too. */
    static String packages(String module) {
        return module.equals("data") ? "dev.horizon.data" : "dev.horizon." + module + "..";
    }

    /** Pure modules: no wall clock, no threads, no sockets, no Netty (they take a clock and a RandomGenerator). */
    static List<ArchRule> pureModuleRules() {
        List<ArchRule> rules = new ArrayList<>();
        for (String module : List.of("duration", "spelling", "sizing", "limit", "balance", "autoscale", "deploy",
            "sim")) {
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
            String internal = "dev.horizon." + module + (module.equals("data") ? ".internal.." : "..internal..");
            rules.add(noClasses().that().resideOutsideOfPackage(packages(module))
                .should().dependOnClassesThat().resideInAPackage(internal)
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
                    forbidden.add(packages(other));
                }
            }
            if (!forbidden.isEmpty()) {
                rules.add(noClasses().that().resideInAPackage(packages(module))
                    .should().dependOnClassesThat().resideInAnyPackage(forbidden.toArray(String[]::new))
                    .because(module + " may depend on " + ALLOWED.getOrDefault(module, List.of())
                        + " only (docs/design.md)"));
            }
        }
        return rules;
    }

    /**
     * The shard, cache and servlet modules use only core's classes of {@code dev.horizon.data}, so a user takes one
     * without the replicas module and its HikariCP and PostgreSQL driver.
     */
    static ArchRule dataCoreRule() {
        DescribedPredicate<JavaClass> beyondCore = DescribedPredicate.describe(
            "classes of dev.horizon.data outside horizon-data-core " + DATA_CORE,
            c -> c.getPackageName().equals("dev.horizon.data")
                && !DATA_CORE.contains(c.getName().replaceFirst("\\$.*", "")));
        return noClasses().that().resideInAnyPackage("dev.horizon.data.shard..", "dev.horizon.data.cache..",
                "dev.horizon.data.servlet..")
            .should().dependOnClassesThat(beyondCore)
            .because("each data module carries only its own dependencies (docs/data.md)");
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

    @Test
    void dataModulesUseOnlyTheCoreOfTheDataPackage() {
        dataCoreRule().check(HORIZON);
    }
}
