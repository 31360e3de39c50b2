package dev.airlock;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** STYLE.md's shape, kept: the deciding core knows no framework, one package knows Docker, faces stay faces. */
class ArchitectureTest {

    static final JavaClasses AIRLOCK = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.airlock");

    @Test
    void onlyTheDockerRuntimeImportsDockerJava() {
        noClasses().that().resideOutsideOfPackage("dev.airlock.runtime.docker..")
                .should().dependOnClassesThat().resideInAPackage("com.github.dockerjava..")
                .check(AIRLOCK);
    }

    @Test
    void theDecidingCoreImportsNeitherDockerNorTheCli() {
        noClasses().that().resideInAnyPackage("dev.airlock.assess..", "dev.airlock.policy..", "dev.airlock.profile..",
                        "dev.airlock.approval..", "dev.airlock.egress..", "dev.airlock.scope..")
                .should().dependOnClassesThat().resideInAnyPackage("com.github.dockerjava..", "picocli..",
                        "dev.airlock.runtime..", "dev.airlock.cli..", "dev.airlock.mcp..", "dev.airlock.server..")
                .check(AIRLOCK);
    }

    @Test
    void sessionsKnowNoFaceAndNoDocker() {
        noClasses().that().resideInAPackage("dev.airlock.session..")
                .should().dependOnClassesThat().resideInAnyPackage("picocli..", "com.github.dockerjava..", "dev.airlock.cli..",
                        "dev.airlock.mcp..", "dev.airlock.runtime.docker..", "io.modelcontextprotocol..")
                .check(AIRLOCK);
    }

    @Test
    void theClientNeedsNothingButTheJdk() {
        noClasses().that().resideInAPackage("dev.airlock.client..")
                .should().dependOnClassesThat().resideOutsideOfPackages("java..", "jdk..", "dev.airlock.client..")
                .check(AIRLOCK);
    }

    @Test
    void airlockUsesNeitherCommonsIoNorCommonsLang() {
        // they come with docker-java, which uses them; Airlock's own code does not, so the build declares neither
        noClasses().should().dependOnClassesThat().resideInAnyPackage("org.apache.commons.io..", "org.apache.commons.lang3..")
                .check(AIRLOCK);
    }

    @Test
    void everyObjectMapperIsBuiltInTheJsonPackage() {
        noClasses().that().resideOutsideOfPackage("dev.airlock.json..")
                .should().callConstructor(com.fasterxml.jackson.databind.ObjectMapper.class)
                .orShould().callMethod(com.fasterxml.jackson.databind.json.JsonMapper.class, "builder")
                .check(AIRLOCK);
    }

    @Test
    void theJsonSetupsDependOnNothingOfAirlock() {
        com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes().that().resideInAPackage("dev.airlock.json..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "com.fasterxml.jackson..", "dev.airlock.json..")
                .check(AIRLOCK);
    }

    @Test
    void sessionsDoNotSpeakTheClientProtocol() {
        noClasses().that().resideInAPackage("dev.airlock.session..")
                .should().dependOnClassesThat().haveFullyQualifiedName("dev.airlock.client.ClientProtocol")
                .check(AIRLOCK);
    }
}
