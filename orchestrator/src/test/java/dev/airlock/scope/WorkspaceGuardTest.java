package dev.airlock.scope;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WorkspaceGuardTest {

    final List<Path> homes = List.of(Path.of("/home/ada"));

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            /                     | it is the root of the filesystem
            /home/ada             | it is a home folder (/home/ada)
            /home                 | it holds the home folder /home/ada
            /etc                  | it is the system folder /etc
            /usr/lib/python3      | it is inside the system folder /usr
            /var/lib/docker       | it is inside the system folder /var
            /tmp                  | it is the shared folder /tmp, not one project
            /opt                  | it is the shared folder /opt, not one project
            """)
    void broadFoldersAreRefusedWithWhy(String folder, String why) {
        assertThat(WorkspaceGuard.problem(Path.of(folder), homes)).contains(why);
    }

    @ParameterizedTest
    @CsvSource({"/home/ada/src/app", "/tmp/task-1", "/opt/projects/api", "/srv/www/site", "/root/work"})
    void aProjectFolderIsFine(String folder) {
        assertThat(WorkspaceGuard.problem(Path.of(folder), homes)).isEmpty();
    }

    final List<WorkspaceGuard.Sensitive> airlock = List.of(new WorkspaceGuard.Sensitive(Path.of("/srv/airlock-state"), "Airlock's state folder"),
            new WorkspaceGuard.Sensitive(Path.of("/home/ada/.config/airlock"), "Airlock's configuration folder"));

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            /srv/airlock-state                 | it is Airlock's state folder (/srv/airlock-state)
            /srv/airlock-state/sessions/s-1    | it is inside Airlock's state folder (/srv/airlock-state)
            /srv                               | it holds Airlock's state folder (/srv/airlock-state)
            /home/ada/.config/airlock          | it is Airlock's configuration folder (/home/ada/.config/airlock)
            /home/ada/.config                  | it holds Airlock's configuration folder (/home/ada/.config/airlock)
            /home/ada/.ssh                     | it is a credential folder (/home/ada/.ssh)
            /home/ada/.aws                     | it is a credential folder (/home/ada/.aws)
            /home/ada/.gnupg                   | it is a credential folder (/home/ada/.gnupg)
            /home/ada/.kube                    | it is a credential folder (/home/ada/.kube)
            /home/ada/.docker                  | it is a credential folder (/home/ada/.docker)
            /home/ada/.config/gcloud           | it is a credential folder (/home/ada/.config/gcloud)
            /home/ada/.azure                   | it is a credential folder (/home/ada/.azure)
            /home/ada/.ssh/keys                | it is inside a credential folder (/home/ada/.ssh)
            /home/ada/.local/state/airlock     | it is a credential folder (/home/ada/.local/state/airlock)
            """)
    void airlocksOwnFoldersAndCredentialFoldersAreNeverAWorkspace(String folder, String why) {
        assertThat(WorkspaceGuard.forbidden(Path.of(folder), WorkspaceGuard.sensitive(homes, airlock))).contains(why);
    }

    @org.junit.jupiter.api.Test
    void noOverrideLetsACredentialFolderBeAWorkspace() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> WorkspaceGuard.check(Path.of("/home/ada/.ssh"), homes, airlock, true))
                .isInstanceOfSatisfying(dev.airlock.AirlockException.class, e -> {
                    assertThat(e.kind()).isEqualTo(dev.airlock.AirlockException.Kind.USAGE);
                    assertThat(e.getMessage()).isEqualTo("refusing /home/ada/.ssh as a workspace: it is a credential folder (/home/ada/.ssh)");
                    assertThat(e.hint()).contains("no flag overrides this");
                });
    }

    @ParameterizedTest
    @CsvSource({"/home/ada/src/app", "/home/ada/.config-backup", "/srv/airlock-state-other", "/home/ada/src/.ssh-notes"})
    void aProjectNextToThemIsFine(String folder) {
        assertThat(WorkspaceGuard.forbidden(Path.of(folder), WorkspaceGuard.sensitive(homes, airlock))).isEmpty();
    }
}
