package dev.airlock.audit;

import static com.tngtech.archunit.base.DescribedPredicate.or;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.airlock.AirlockException;
import org.junit.jupiter.api.Test;

class AuditDependenciesTest {

    @Test
    void theAuditAndWorkspacePackagesDependOnNothingOfAirlockButAirlockExceptionAndTheCleaner() {
        // json is a leaf (Jackson setups only, kept so by ArchitectureTest); the workspace also matches masks with scope's PathPatterns (JDK only), so a mask means one thing everywhere
        var imported = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.airlock.audit", "dev.airlock.workspace");
        for (String pkg : new String[] {"dev.airlock.audit", "dev.airlock.workspace"}) {
            classes().that().resideInAPackage(pkg)
                    .should().onlyDependOnClassesThat(or(resideOutsideOfPackage("dev.airlock.."), resideInAPackage(pkg),
                            resideInAPackage("dev.airlock.text"), resideInAPackage("dev.airlock.json"),
                            pkg.equals("dev.airlock.workspace") ? belongToAnyOf(AirlockException.class, dev.airlock.scope.PathPatterns.class)
                                    : belongToAnyOf(AirlockException.class)))
                    .check(imported);
        }
    }
}
