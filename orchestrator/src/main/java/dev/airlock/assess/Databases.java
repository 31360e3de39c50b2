package dev.airlock.assess;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Database clients: where they connect (a host option or a connection URL; none is the local server), and what
 * the statements they are given do: dropping or deleting data is DESTRUCTIVE, changing it WRITE, querying READ.
 * Statements from a file, from input or typed interactively are not seen: opaque.
 */
final class Databases {

    private static final Pattern DELETES = Pattern.compile("(?is).*\\b(drop\\s+(table|database|schema|index|view|collection)"
            + "|truncate|delete\\s+from|flushall|flushdb|dropdatabase|deletemany|deleteone|\\.drop\\s*\\(|del\\s+\\S).*");
    private static final Pattern CHANGES = Pattern.compile("(?is).*\\b(insert|update|create|alter|replace|merge|grant"
            + "|revoke|rename|set\\s+\\S+\\s|insertone|insertmany|updateone|updatemany|hset|lpush|rpush|sadd|zadd"
            + "|incr|expire|vacuum|reindex|copy\\s+\\S+\\s+from|\\.import)\\b.*");
    private static final Set<String> URL_SCHEMES = Set.of("postgres", "postgresql", "mysql", "mariadb", "mongodb",
            "mongodb+srv", "redis", "rediss", "clickhouse", "sqlserver");

    private Databases() {
    }

    static void register(Rules r) {
        r.put(Databases::client, "psql", "mysql", "mariadb", "mongosh", "mongo", "redis-cli", "clickhouse-client",
                "cqlsh", "pgcli", "mycli", "usql", "sqlcmd");
        r.put(Databases::sqlite, "sqlite3", "sqlite", "duckdb");
    }

    private static void client(Call c) {
        if (Basics.versionOrHelp(c.args())) {
            return;
        }
        Opts o = Opts.parse(c.args(), "hpUdcefDuPwEsSnta", Set.of("--host", "--port", "--username", "--dbname",
                "--command", "--file", "--execute", "--user", "--password", "--database", "--eval", "--uri", "-a"));
        Optional<Arg> host = o.value("-h", "--host");
        Optional<Arg> url = o.operands.stream().filter(a -> URL_SCHEMES.contains(a.text().replaceFirst("://.*$", "")))
                .findFirst().or(() -> o.value("--uri"));
        o.operands.forEach(c::notAPath);
        if (url.isPresent()) {
            c.connects(url.get());
        } else if (host.isPresent()) {
            c.notAPath(host.get());
            if (host.get().exact() && !host.get().text().startsWith("/")) {
                c.fx.network(host.get().text());
            } else {
                c.fx.networkUnknown(c.program + " to " + host.get().text());
            }
        } else {
            c.fx.network("localhost");
        }
        Optional<Arg> file = o.value("-f", "--file");
        if (file.isPresent()) {
            c.reads(file.get());
            c.opaque(c.program + " runs the statements in " + file.get().text());
            return;
        }
        Optional<String> statements = o.value("-c", "--command", "-e", "--execute", "--eval").map(Arg::text)
                .or(() -> c.program.equals("redis-cli") && !o.operands.isEmpty() ? Optional.of(String.join(" ",
                        o.operands.stream().map(Arg::text).toList())) : Optional.empty());
        statements(c, statements);
    }

    private static void sqlite(Call c) {
        Opts o = Opts.parse(c.args(), "", Set.of("-cmd", "-separator", "-nullvalue", "-init"));
        List<Arg> ops = o.operands;
        Optional<String> statements = ops.size() > 1 ? Optional.of(String.join(" ",
                ops.subList(1, ops.size()).stream().map(Arg::text).toList())) : Optional.empty();
        ops.stream().skip(1).forEach(c::notAPath);
        boolean changes = statements.map(s -> DELETES.matcher(s).matches() || CHANGES.matcher(s).matches())
                .orElse(!o.has("-readonly"));
        if (!ops.isEmpty()) {
            if (changes) {
                c.writes(ops.getFirst());
            } else {
                c.reads(ops.getFirst());
            }
        }
        statements(c, statements);
    }

    private static void statements(Call c, Optional<String> given) {
        Optional<String> sql = given.or(() -> c.stdin.code());
        if (sql.isEmpty()) {
            c.opaque(c.program + " runs statements " + switch (c.stdin.kind()) {
                case PIPE -> "from its input, the output of: " + c.stdin.detail();
                case FILE -> "from " + c.stdin.detail();
                default -> "typed interactively";
            });
            return;
        }
        String s = sql.get();
        if (DELETES.matcher(s).matches()) {
            c.fx.add(Tier.DESTRUCTIVE, "deletes", "database data: " + AssessmentText.shorten(s.strip(), 60));
        } else if (CHANGES.matcher(s).matches()) {
            c.fx.add(Tier.WRITE, "changes-database", AssessmentText.shorten(s.strip(), 60));
        }
    }
}
