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
}
