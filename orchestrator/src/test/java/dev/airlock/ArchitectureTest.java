package dev.airlock;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.properties.HasName;
import com.tngtech.archunit.core.domain.properties.HasOwner;
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

    /**
     * The faces (the CLI, the MCP server, the server's connections) translate into the application layer: they
     * hold no session, planner, grants, checkpoint store or engine of their own, and write no audit event.
     */
    @Test
    void facesGoThroughTheApplicationLayer() {
        var faces = new String[] {"dev.airlock.cli..", "dev.airlock.mcp..", "dev.airlock.server.."};
        noClasses().that().resideInAnyPackage(faces)
                .should().dependOnClassesThat().resideInAnyPackage("dev.airlock.runtime.docker..", "com.github.dockerjava..")
                .orShould().dependOnClassesThat().belongToAnyOf(dev.airlock.session.Session.class,
                        dev.airlock.session.SessionStore.class,
                        dev.airlock.session.WarmSessions.class, dev.airlock.policy.Planner.class,
                        dev.airlock.workspace.Checkpoints.class, dev.airlock.approval.Grants.class,
                        dev.airlock.assess.Classifier.class)
                .orShould().callMethodWhere(JavaCall.Predicates.target(HasOwner.Predicates.With.owner(
                        JavaClass.Predicates.equivalentTo(dev.airlock.audit.AuditLog.class)))
                        .and(JavaCall.Predicates.target(HasName.Predicates.nameMatching("open|append"))))
                .because("the application layer (dev.airlock.app) owns sessions, grants, plans and every audit write")
                .check(AIRLOCK);
    }

    /** Assessing and planning are pure: what they decide from is handed to them, and nothing they do touches the world. */
    @Test
    void theDecidingCoreDoesNoIo() {
        noClasses().that().resideInAnyPackage("dev.airlock.assess..", "dev.airlock.policy..")
                .should().dependOnClassesThat().belongToAnyOf(java.nio.file.Files.class, java.io.FileInputStream.class,
                        java.io.FileOutputStream.class, java.io.RandomAccessFile.class, java.nio.channels.FileChannel.class,
                        java.net.Socket.class, java.net.ServerSocket.class, java.nio.channels.SocketChannel.class,
                        java.net.http.HttpClient.class, java.lang.ProcessBuilder.class, java.lang.Runtime.class)
                .orShould().dependOnClassesThat().resideInAnyPackage("dev.airlock.runtime..", "dev.airlock.session..",
                        "dev.airlock.app..", "dev.airlock.audit..", "dev.airlock.workspace..", "dev.airlock.approval..")
                .check(AIRLOCK);
    }

    @Test
    void noPackageCycles() {
        slices().matching("dev.airlock.(**)").should().beFreeOfCycles().check(AIRLOCK);
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
