package dev.airlock.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The folder and peer rules in isolation: what is made, tightened, refused; credentials that cannot be read let nobody in. */
class PrivateDirsTest {

    @TempDir
    Path dir;

    static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void aNewStateFolderIsMadeOwnerOnlyAndNothingIsSaid() throws Exception {
        List<String> said = new ArrayList<>();
        Path state = dir.resolve("a/b/airlock");

        PrivateDirs.ensureState(state, said::add);

        assertThat(mode(state)).isEqualTo("rwx------");
        assertThat(said).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"rwxr-xr-x", "rwx--x--x", "rwxrwxrwx", "rwx---r--"})
    void aStateFolderOpenToOthersIsTightenedAndTheUserIsTold(String wide) throws Exception {
        Path state = Files.createDirectory(dir.resolve("airlock"));
        Files.setPosixFilePermissions(state, PosixFilePermissions.fromString(wide));
        List<String> said = new ArrayList<>();

        PrivateDirs.ensureState(state, said::add);

        assertThat(mode(state)).isEqualTo("rwx------");
        assertThat(said).singleElement().asString().contains("made the state folder " + state + " private to you");
    }

    @Test
    void aStateFolderUnderAFolderAnyoneMayRenameInIsRefused() throws Exception {
        Path open = Files.createDirectory(dir.resolve("open"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));

        assertThatThrownBy(() -> PrivateDirs.ensureState(open.resolve("airlock"), s -> { }))
                .isInstanceOf(PrivateDirs.Unsafe.class).hasMessageContaining("anyone may write");
    }

    @Test
    void aShortSocketFolderIsMadeOwnerOnly() throws Exception {
        Path folder = PrivateDirs.ensureOwn(dir.resolve("airlock-0"));

        assertThat(mode(folder)).isEqualTo("rwx------");
    }

    @ParameterizedTest
    @ValueSource(strings = {"rwxr-xr-x", "rwx-----x", "rwxrwx---"})
    void aShortSocketFolderOpenToOthersIsRefusedUntouched(String wide) throws Exception {
        Path folder = Files.createDirectory(dir.resolve("airlock-0"));
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString(wide));

        assertThatThrownBy(() -> PrivateDirs.ensureOwn(folder)).isInstanceOf(PrivateDirs.Unsafe.class)
                .hasMessageContaining("open to other users");
        assertThat(mode(folder)).isEqualTo(wide);
    }

    @Test
    void aShortSocketFolderThatIsALinkIsRefusedEvenToAFolderOfOurs() throws Exception {
        Path ours = Files.createDirectory(dir.resolve("ours"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path link = Files.createSymbolicLink(dir.resolve("airlock-0"), ours);

        assertThatThrownBy(() -> PrivateDirs.ensureOwn(link)).isInstanceOf(PrivateDirs.Unsafe.class)
                .hasMessageContaining("symbolic link");
    }

    @Test
    void aPeerIsOurselves() throws Exception {
        Path socket = dir.resolve("s.sock");
        try (ServerSocketChannel listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            listener.bind(UnixDomainSocketAddress.of(socket));
            try (SocketChannel client = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                client.connect(UnixDomainSocketAddress.of(socket));

                assertThat(PrivateDirs.trustedPeer(client, false)).isTrue();
            }
        }
    }

    @Test
    void credentialsThatCannotBeReadLetNobodyIn() throws Exception {
        SocketChannel closed = SocketChannel.open(StandardProtocolFamily.UNIX);
        closed.close();
        SocketChannel unconnected = SocketChannel.open(StandardProtocolFamily.UNIX);

        assertThat(PrivateDirs.trustedPeer(closed, true)).isFalse();
        assertThat(PrivateDirs.trustedPeer(unconnected, false)).isFalse();
        unconnected.close();
    }
}
