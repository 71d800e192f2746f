package dev.horizon.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each rule of {@link ModuleRulesTest} fails on a class that breaks it: the gate bites. */
class ModuleRulesProofTest {

    private static boolean anyViolated(List<ArchRule> rules, Class<?>... classes) {
        JavaClasses imported = new ClassFileImporter().importClasses(classes);
        return rules.stream().anyMatch(r -> r.allowEmptyShould(true).evaluate(imported).hasViolation());
    }

    @Test
    void aPureModuleReadingTheWallClockIsCaught() {
        assertThat(anyViolated(ModuleRulesTest.pureModuleRules(),
            dev.horizon.balance.proof.ReadsTheClock.class)).isTrue();
    }

    @Test
    void aPureModuleOpeningASocketIsCaught() {
        assertThat(anyViolated(ModuleRulesTest.pureModuleRules(),
            dev.horizon.autoscale.proof.OpensASocket.class)).isTrue();
    }

    @Test
    void aGatewayClassReadingTheSystemClockIsCaught() {
        assertThat(ModuleRulesTest.gatewayClockRule().evaluate(new ClassFileImporter()
            .importClasses(dev.horizon.gateway.proof.ReadsTheSystemClock.class)).hasViolation()).isTrue();
    }

    @Test
    void anImportOfAnotherModulesInternalPackageIsCaught() {
        assertThat(anyViolated(ModuleRulesTest.internalRules(), dev.horizon.cli.proof.UsesGatewayInternal.class,
            dev.horizon.gateway.internal.DataPlane.class)).isTrue();
    }

    @Test
    void aDependencyTheDesignDoesNotAllowIsCaught() {
        assertThat(anyViolated(ModuleRulesTest.dependencyRules(), dev.horizon.balance.proof.UsesTheGateway.class,
            dev.horizon.gateway.Gateway.class)).isTrue();
    }

    @Test
    void aDataModuleUsingTheReplicasModuleIsCaught() {
        assertThat(ModuleRulesTest.dataCoreRule().evaluate(new ClassFileImporter().importClasses(
            dev.horizon.data.cache.proof.UsesTheRouter.class, dev.horizon.data.RoutingDataSource.class)).hasViolation())
            .isTrue();
    }

    @Test
    void aDataModuleUsingTheCoreIsNotCaught() {
        assertThat(ModuleRulesTest.dataCoreRule().evaluate(new ClassFileImporter().importClasses(
            dev.horizon.data.servlet.CausalConsistencyFilter.class, dev.horizon.data.DataScope.class)).hasViolation())
            .isFalse();
    }

    @Test
    void theRealClassesPassEveryRule() {
        assertThat(anyViolated(ModuleRulesTest.pureModuleRules(), dev.horizon.balance.Pool.class)).isFalse();
    }
}
