package dev.airlock.egress;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * SOCKS5 (RFC 1928), {@code CONNECT} only and without authentication; a domain name is resolved by the proxy
 * after the gate allowed it. BIND and UDP ASSOCIATE get "command not supported".
 */
record Socks5Front(Destination destination) implements Front {

    static final int VERSION = 5;
    private static final int NOT_ALLOWED = 0x02;
    private static final int HOST_UNREACHABLE = 0x04;
    private static final int CONNECTION_REFUSED = 0x05;
    private static final int COMMAND_NOT_SUPPORTED = 0x07;
    private static final int ADDRESS_TYPE_NOT_SUPPORTED = 0x08;
    private static final int GENERAL_FAILURE = 0x01;

    /** Negotiates the method and reads the request; the client has its answer when this throws Rejected. */
    static Socks5Front read(ReadAhead in) throws IOException, Rejected {
        in.u8();
        byte[] methods = in.bytes(in.u8());
        boolean noAuth = false;
        for (byte m : methods) {
            noAuth |= m == 0;
        }
        if (!noAuth) {
            throw new Rejected("SOCKS5 client offers no method without authentication",
                    new String(new byte[]{VERSION, (byte) 0xFF}, StandardCharsets.ISO_8859_1), Optional.empty());
        }
        Pump.writeFully(in, ByteBuffer.wrap(new byte[]{VERSION, 0}));
        int version = in.u8();
        int command = in.u8();
        in.u8();
        int type = in.u8();
        if (version != VERSION) {
            throw new Rejected("not a SOCKS5 request", reply(GENERAL_FAILURE), Optional.empty());
        }
        String host = switch (type) {
            case 1 -> Hosts.format(InetAddress.getByAddress(in.bytes(4)));
            case 3 -> new String(in.bytes(in.u8()), StandardCharsets.UTF_8);
            case 4 -> Hosts.format(InetAddress.getByAddress(in.bytes(16)));
            default -> throw new Rejected("SOCKS5 address type " + type + " is not supported",
                    reply(ADDRESS_TYPE_NOT_SUPPORTED), Optional.empty());
        };
        int port = in.u16();
        Destination destination;
        try {
            destination = new Destination(host, port, Protocol.SOCKS5);
        } catch (IllegalArgumentException e) {
            throw new Rejected(e.getMessage(), reply(command == 1 ? HOST_UNREACHABLE : COMMAND_NOT_SUPPORTED),
                    Optional.empty());
        }
        if (command != 1) {
            String name = switch (command) {
                case 2 -> "BIND";
                case 3 -> "UDP ASSOCIATE";
                default -> "command " + command;
            };
            throw new Rejected("SOCKS5 " + name + " is not supported; only CONNECT is",
                    reply(COMMAND_NOT_SUPPORTED), Optional.of(destination));
        }
        return new Socks5Front(destination);
    }

    @Override
    public String refusal(Verdict.Denied denied) {
        return reply(NOT_ALLOWED);
    }

    @Override
    public String failure(Upstreams.UpstreamException e) {
        return reply(switch (e.failure) {
            case FORBIDDEN_ADDRESS -> NOT_ALLOWED;
            case REFUSED -> CONNECTION_REFUSED;
            case UNRESOLVED, UNREACHABLE, TIMEOUT -> HOST_UNREACHABLE;
        });
    }

    @Override
    public void relay(Tunnel tunnel) throws IOException, InterruptedException {
        ProxyReplies.send(tunnel.client, reply(0));
        tunnel.relay(destination);
    }

    /** A reply with the unspecified bound address 0.0.0.0:0: the client needs none, and the host's is private. */
    private static String reply(int code) {
        return new String(new byte[]{VERSION, (byte) code, 0, 1, 0, 0, 0, 0, 0, 0}, StandardCharsets.ISO_8859_1);
    }
}
