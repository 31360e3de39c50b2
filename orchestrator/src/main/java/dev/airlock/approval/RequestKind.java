package dev.airlock.approval;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.Objects;

/**
 * What asked: a command that needs a stronger profile before it runs, a live connection the egress proxy
 * holds while the command waits, a re-run after the sandbox stopped a command, or a switch to a wider mode. JSON:
 * {@code {"type":"network","host":"registry.npmjs.org","port":443}}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = RequestKind.Command.class, name = "command"),
    @JsonSubTypes.Type(value = RequestKind.Network.class, name = "network"),
    @JsonSubTypes.Type(value = RequestKind.OnFailure.class, name = "on-failure"),
    @JsonSubTypes.Type(value = RequestKind.ModeChange.class, name = "mode-change"),
    @JsonSubTypes.Type(value = RequestKind.ProjectImage.class, name = "project-image")})
public sealed interface RequestKind permits RequestKind.Command, RequestKind.Network, RequestKind.OnFailure,
        RequestKind.ModeChange, RequestKind.ProjectImage {

    /** A command escalation, asked before anything runs. */
    record Command() implements RequestKind {
    }

    /** A connection to {@code host:port} from a running command, waiting in the egress proxy. */
    record Network(String host, int port) implements RequestKind {
        public Network {
            Objects.requireNonNull(host);
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("not a port: " + port);
            }
        }

        public String destination() {
            return host.contains(":") ? "[" + host + "]:" + port : host + ":" + port;
        }
    }

    /**
     * A command the sandbox stopped; approving re-runs it in the stronger profile.
     *
     * @param restriction what stopped it, for people: {@code read-only workspace (EROFS on src/a.txt)}
     */
    record OnFailure(String restriction) implements RequestKind {
        public OnFailure {
            Objects.requireNonNull(restriction);
        }
    }

    /**
     * The agent asks to continue the session in a mode that gives more ({@code set_mode}); only a person may
     * say yes, and only for that switch.
     */
    record ModeChange(String from, String to) implements RequestKind {
        public ModeChange {
            Objects.requireNonNull(from);
            Objects.requireNonNull(to);
        }
    }

    /**
     * The workspace's own image definition ({@code .devcontainer/devcontainer.json}), new or changed, before
     * Airlock builds or uses it: the sandbox can write that file, so only a person may say yes.
     *
     * @param definition the workspace-relative path of the definition
     * @param inputs     the hash of everything the build is given, shown so a person can compare
     */
    record ProjectImage(String definition, String inputs) implements RequestKind {
        public ProjectImage {
            Objects.requireNonNull(definition);
            Objects.requireNonNull(inputs);
        }
    }

    static RequestKind command() {
        return new Command();
    }
}
