package dev.airlock.assess;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Container engines, cluster and cloud CLIs, infrastructure tools. They act outside the sandbox through an
 * API (NETWORK); their subcommands that delete or destroy are DESTRUCTIVE; containers they start are EXECUTE,
 * and DESTRUCTIVE when they mount host paths or run privileged.
 */
final class Cloud {

    private static final Set<String> DOCKER_DELETE = Set.of("rm", "rmi", "prune", "down");
    private static final Set<String> DELETE_WORDS = Set.of("delete", "destroy", "rm", "remove", "purge", "rb",
            "uninstall", "terminate", "drain", "del", "prune");
    /** API hosts of CLIs that talk to one service. */
    private static final Map<String, String> API_HOSTS = Map.of("vercel", "api.vercel.com", "netlify",
            "api.netlify.com", "heroku", "api.heroku.com", "flyctl", "api.fly.io", "fly", "api.fly.io", "wrangler",
            "api.cloudflare.com", "doctl", "api.digitalocean.com", "railway", "backboard.railway.app");

    private Cloud() {
    }

    static void register(Rules r) {
        r.put(Cloud::docker, "docker", "podman", "nerdctl");
        r.put(c -> compose(c, c.args()), "docker-compose", "podman-compose");
        r.put(Cloud::kubectl, "kubectl", "oc", "kubectl.exe");
        r.put(Cloud::helm, "helm");
        r.put(Cloud::terraform, "terraform", "tofu", "terragrunt");
        r.put(Cloud::cloud, "aws", "gcloud", "gsutil", "az", "doctl", "heroku", "flyctl", "fly", "vercel", "netlify",
                "firebase", "wrangler", "serverless", "sls", "cdk", "sam", "eksctl", "pulumi", "s3cmd", "rclone",
                "railway", "supabase", "ansible", "ansible-playbook", "vagrant", "packer", "kind", "minikube", "k3d",
                "skaffold", "tilt", "argocd", "flux", "nomad", "consul", "vault");
        r.put(c -> {
            c.fx.network("galaxy.ansible.com");
            c.prefix(c.arg(0));
        }, "ansible-galaxy");
    }

    private static void engine(Call c) {
        c.executes(c.program + " talks to a container engine, outside the sandbox");
    }

    private static void docker(Call c) {
        Opts o = Opts.parse(c.args(), "Hc", Set.of("--host", "--context", "--config", "--log-level"), true);
        if (o.operands.isEmpty() || Basics.versionOrHelp(c.args())) {
            return;
        }
        String sub = o.first();
        List<Arg> rest = o.operands.subList(1, o.operands.size());
        c.prefix(sub);
        String verb = rest.isEmpty() ? "" : rest.getFirst().text();
        if (sub.equals("compose")) {
            compose(c, rest);
            return;
        }
        if (Set.of("ps", "images", "logs", "inspect", "version", "info", "stats", "top", "port", "diff", "history",
                "events", "search").contains(sub) || Set.of("ls", "list", "inspect", "show", "df").contains(verb)) {
            // looking at the engine's state
            rest.forEach(c::notAPath);
            if (sub.equals("search")) {
                c.registry("docker");
            }
            return;
        }
        engine(c);
        if (Set.of("container", "image", "volume", "network", "system", "builder", "buildx").contains(sub)) {
            c.prefix(sub, verb);
            if (DOCKER_DELETE.contains(verb)) {
                c.fx.add(Tier.DESTRUCTIVE, "deletes", "docker " + sub + " " + verb);
                return;
            }
            if (Set.of("run", "create", "exec", "start").contains(verb) && sub.equals("container")) {
                run(c, rest.subList(1, rest.size()), verb);
                return;
            }
            if (sub.equals("buildx") && verb.equals("build") || sub.equals("image") && verb.equals("build")) {
                build(c);
                return;
            }
            if (!Set.of("pull", "push").contains(verb)) {
                rest.forEach(c::notAPath);
                return;
            }
            sub = verb;
            rest = rest.subList(1, rest.size());
        }
        switch (sub) {
            case "pull", "push" -> {
                Opts r = Opts.parse(rest, "", Set.of("--platform"));
                r.operands.stream().limit(1).forEach(i -> image(c, i));
                if (sub.equals("push")) {
                    Packages.publishes(c, "docker push " + r.first());
                }
            }
            case "login" -> {
                Opts r = Opts.parse(rest, "up", Set.of("--username", "--password"));
                if (r.operands.isEmpty()) {
                    c.registry("docker");
                } else {
                    c.fx.network(r.first());
                }
                c.fx.add(Tier.DESTRUCTIVE, "writes-secret", "~/.docker/config.json");
            }
            case "run", "create", "exec", "start", "restart", "attach" -> run(c, rest, sub);
            case "build" -> build(c);
            case "rm", "rmi", "prune" -> c.fx.add(Tier.DESTRUCTIVE, "deletes", "docker " + sub + " "
                    + String.join(" ", rest.stream().map(Arg::text).toList()));
            case "kill", "stop", "pause", "unpause", "rename", "update", "tag", "commit", "import", "load" ->
                    rest.forEach(c::notAPath);
            case "cp" -> {
                for (int i = 0; i < rest.size(); i++) {
                    Arg a = rest.get(i);
                    if (a.isOption() || a.text().matches("[A-Za-z0-9_.-]+:.*")) {
                        c.notAPath(a);
                    } else if (i == rest.size() - 1) {
                        c.writes(a);
                    } else {
                        c.reads(a);
                    }
                }
            }
            case "save", "export" -> Opts.parse(rest, "o", Set.of("--output")).value("-o", "--output").ifPresent(c::writes);
            default -> rest.forEach(c::notAPath);
        }
    }

    /** An image reference names its registry host, or Docker Hub when it has none. */
    private static void image(Call c, Arg image) {
        c.notAPath(image);
        String first = image.text().contains("/") ? image.text().substring(0, image.text().indexOf('/')) : "";
        if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
            c.fx.network(first.replaceFirst(":[0-9]+$", ""));
        } else {
            c.registry("docker");
        }
    }

    private static void run(Call c, List<Arg> rest, String sub) {
        Opts r = Opts.parse(rest, "vewuplhmcaix", Set.of("--volume", "--env", "--workdir", "--user", "--publish",
                "--label", "--hostname", "--memory", "--cpus", "--name", "--network", "--entrypoint", "--mount",
                "--env-file", "--platform", "--pull", "--restart", "--device", "--cap-add", "--cap-drop", "--add-host",
                "--gpus", "--shm-size", "--ulimit", "--tmpfs", "--security-opt", "--log-driver", "--log-opt", "--dns",
                "--pid", "--ipc", "--cgroupns", "--userns", "--runtime", "--stop-signal", "--health-cmd", "--detach-keys",
                "--attach", "--link", "--volumes-from", "--init-path", "--cidfile", "--group-add"), true);
        r.value("--env-file").ifPresent(c::reads);
        for (String opt : List.of("-v", "--volume", "--mount")) {
            Arg v = r.values.get(opt);
            if (v != null) {
                String src = opt.equals("--mount") ? v.text().replaceFirst("^.*(source|src)=([^,]*).*$", "$2")
                        : v.text().split(":")[0];
                if (src.startsWith("/") || src.startsWith(".") || src.startsWith("~")) {
                    boolean ro = v.text().matches(".*:(ro|readonly)(,.*)?$") || v.text().contains("readonly");
                    Arg host = Arg.of(src);
                    if (ro) {
                        c.reads(host);
                    } else {
                        c.writes(host, "mounts", Tier.WRITE);
                    }
                }
            }
        }
        if (r.has("--privileged") || r.value("--pid", "--network", "--ipc").map(v -> v.text().equals("host")).orElse(false)) {
            c.fx.add(Tier.DESTRUCTIVE, "outside-workspace", "a privileged container or one that shares the host's namespaces");
        }
        if (sub.equals("run") || sub.equals("create")) {
            if (!r.value("--pull").map(p -> p.text().equals("never")).orElse(false) && !r.operands.isEmpty()) {
                image(c, r.operands.getFirst());
            }
        }
        r.operands.forEach(c::notAPath);
        c.executes(c.program + " " + sub + " runs a program in a container, which Airlock cannot see into");
    }

    private static void build(Call c) {
        c.registry("docker");
        c.fx.networkUnknown("whatever the Dockerfile's RUN steps download");
        c.executes(c.program + " build runs the Dockerfile's steps");
    }

    private static void compose(Call c, List<Arg> args) {
        Opts o = Opts.parse(args, "fp", Set.of("--file", "--project-name", "--profile", "--env-file",
                "--project-directory", "--ansi", "--progress"), true);
        o.value("-f", "--file", "--env-file").ifPresent(c::reads);
        String sub = o.first();
        List<Arg> rest = o.operands.isEmpty() ? List.of() : o.operands.subList(1, o.operands.size());
        rest.forEach(c::notAPath);
        if (c.program.equals("docker") || c.program.equals("podman") || c.program.equals("nerdctl")) {
            c.prefix("compose", sub);
        } else {
            c.prefix(sub);
        }
        engine(c);
        Opts r = Opts.parse(rest);
        switch (sub) {
            case "up", "run", "create", "build", "pull", "push", "start", "restart", "exec", "watch" -> {
                if (!Set.of("exec", "start", "restart").contains(sub)) {
                    c.registry("docker");
                }
                c.executes("compose " + sub + " runs the services' containers, which Airlock cannot see into");
            }
            case "down" -> {
                if (r.has("-v", "--volumes")) {
                    c.fx.add(Tier.DESTRUCTIVE, "deletes", "the services' volumes (compose down -v)");
                }
                if (r.has("--rmi")) {
                    c.fx.add(Tier.DESTRUCTIVE, "deletes", "the services' images (compose down --rmi)");
                }
                c.executes("compose down stops and removes the services' containers");
            }
            case "rm" -> c.fx.add(Tier.DESTRUCTIVE, "deletes", "compose rm removes service containers"
                    + (r.has("-v", "--volumes") ? " and their volumes" : ""));
            case "stop", "kill", "pause", "unpause" -> c.executes("compose " + sub + " stops services");
            default -> {
            }
        }
    }

    private static void kubectl(Call c) {
        Opts o = Opts.parse(c.args(), "sn", Set.of("--server", "--context", "--namespace", "--kubeconfig", "--cluster",
                "--user", "--token", "-o", "--output", "-l", "--selector", "-f", "--filename", "-c", "--container"));
        if (Basics.versionOrHelp(c.args()) || o.has("--client")) {
            return;
        }
        String sub = o.first();
        c.prefix(sub);
        o.operands.forEach(c::notAPath);
        o.value("-f", "--filename").filter(f -> !Urls.hasScheme(f.text())).ifPresent(c::reads);
        o.value("--kubeconfig").ifPresent(c::reads);
        o.value("-s", "--server").ifPresentOrElse(c::connects,
                () -> c.fx.networkUnknown("the Kubernetes API server (from the kubeconfig)"));
        if (Set.of("delete", "drain").contains(sub)) {
            c.fx.add(Tier.DESTRUCTIVE, "deletes", "cluster resources (" + c.program + " " + sub + ")");
        } else if (Set.of("exec", "cp", "attach", "debug", "run", "port-forward").contains(sub)) {
            c.fx.add(Tier.NETWORK, "runs-remotely", c.program + " " + sub);
        } else if (Set.of("apply", "create", "patch", "replace", "set", "scale", "rollout", "label", "annotate", "edit",
                "expose", "autoscale", "cordon", "uncordon", "taint").contains(sub)) {
            c.fx.add(Tier.NETWORK, "changes-remote", "cluster resources (" + c.program + " " + sub + ")");
        }
    }

    private static void helm(Call c) {
        Opts o = Opts.parse(c.args(), "nf", Set.of("--namespace", "--values", "--set", "--version", "--kube-context",
                "--kubeconfig", "--repo"));
        String sub = o.first();
        c.prefix(sub);
        o.operands.forEach(c::notAPath);
        o.value("-f", "--values").ifPresent(c::reads);
        switch (sub) {
            case "template", "lint", "create", "package", "show", "version", "env", "completion", "" -> {
            }
            case "repo", "pull", "search", "dependency", "push" -> {
                o.operands.stream().filter(a -> Urls.hasScheme(a.text())).forEach(c::connects);
                if (o.operands.stream().noneMatch(a -> Urls.hasScheme(a.text()))) {
                    c.fx.networkUnknown("helm chart repositories");
                }
            }
            case "uninstall", "delete", "del" -> {
                c.fx.networkUnknown("the Kubernetes API server (from the kubeconfig)");
                c.fx.add(Tier.DESTRUCTIVE, "deletes", "a helm release");
            }
            default -> {
                c.fx.networkUnknown("the Kubernetes API server (from the kubeconfig)");
                if (Set.of("install", "upgrade", "rollback").contains(sub)) {
                    c.fx.add(Tier.NETWORK, "changes-remote", "helm " + sub);
                }
            }
        }
    }

    private static void terraform(Call c) {
        Opts o = Opts.parse(c.args(), "", Set.of("-chdir", "-var", "-var-file", "-target", "-out", "-state"));
        String sub = o.first();
        c.prefix(sub);
        List<Arg> rest = o.operands.isEmpty() ? List.of() : o.operands.subList(1, o.operands.size());
        o.operands.forEach(c::notAPath);
        switch (sub) {
            case "fmt" -> {
                if (!o.has("-check")) {
                    c.fx.add(Tier.WRITE, "formats", "the Terraform files");
                }
            }
            case "validate", "version", "providers", "graph", "console", "" -> {
            }
            case "init", "get" -> {
                c.fx.network("registry.terraform.io");
                c.fx.network("releases.hashicorp.com");
                c.fx.add(Tier.WRITE, "writes", ".terraform");
            }
            case "destroy" -> {
                c.fx.networkUnknown("the providers' APIs");
                c.fx.add(Tier.DESTRUCTIVE, "deletes", "the infrastructure this configuration manages");
            }
            case "apply", "import", "refresh", "taint", "untaint", "state", "workspace", "force-unlock" -> {
                c.fx.networkUnknown("the providers' APIs");
                String verb = rest.isEmpty() ? "" : rest.getFirst().text();
                if (o.has("-destroy") || Set.of("rm", "delete").contains(verb)) {
                    c.fx.add(Tier.DESTRUCTIVE, "deletes", "infrastructure or state (terraform " + sub + " " + verb + ")");
                } else {
                    c.fx.add(Tier.NETWORK, "changes-remote", "infrastructure (terraform " + sub + ")");
                }
            }
            default -> c.fx.networkUnknown("the providers' APIs");
        }
    }

    private static void cloud(Call c) {
        if (Basics.versionOrHelp(c.args())) {
            return;
        }
        Opts o = Opts.parse(c.args(), "", Set.of("--profile", "--region", "--project", "--output", "--query",
                "--subscription", "--resource-group", "--endpoint-url", "--zone", "--account", "--format", "--filter"));
        List<Arg> ops = o.operands;
        ops.forEach(c::notAPath);
        c.prefix(ops.isEmpty() || c.program.startsWith("ansible") ? "" : ops.getFirst().text());
        String host = API_HOSTS.get(c.program);
        if (host != null) {
            c.fx.network(host);
        } else {
            o.value("--endpoint-url").ifPresentOrElse(c::connects,
                    () -> c.fx.networkUnknown("the " + c.program + " service APIs"));
        }
        if (c.program.equals("aws") && !ops.isEmpty() && ops.getFirst().text().equals("configure")) {
            boolean reading = ops.size() > 1 && Set.of("get", "list", "export-credentials", "list-profiles")
                    .contains(ops.get(1).text());
            c.fx.add(Tier.DESTRUCTIVE, reading ? "reads-secret" : "writes-secret", "~/.aws/credentials");
        }
        boolean deletes = ops.stream().anyMatch(a -> DELETE_WORDS.contains(a.text()) || a.text().matches(
                "(delete|remove|terminate|destroy|purge|deregister|drop)-.*")) || o.has("--delete");
        if (deletes) {
            c.fx.add(Tier.DESTRUCTIVE, "deletes", "remote resources (" + c.program + " "
                    + String.join(" ", ops.stream().limit(4).map(Arg::text).toList()) + ")");
        }
        // s3 cp/sync and rclone copy files between here and there
        for (Arg a : ops) {
            if (a.text().startsWith("/") || a.text().startsWith("./") || a.text().startsWith("../")) {
                c.reads(a);
            }
        }
        if (c.program.startsWith("ansible")) {
            c.fx.add(Tier.NETWORK, "runs-remotely", "the playbook's tasks on the inventory's hosts");
        }
    }
}
