package dev.airlock.cli;

import dev.airlock.AirlockException;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code airlock completion bash|zsh}: the shell completion script for every command and option. */
@Command(name = "completion",
        footerHeading = "%nExamples:%n",
        footer = {"  airlock completion bash > ~/.local/share/bash-completion/completions/airlock",
            "  source <(airlock completion bash)   # this shell only",
            "  airlock completion zsh > \"${fpath[1]}/_airlock\""},
        description = "Print a completion script for bash or zsh (the same script serves both: zsh loads it through bashcompinit).")
final class CompletionCommand implements Callable<Integer> {

    @Parameters(paramLabel = "SHELL", description = "bash or zsh.")
    String shell;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (!shell.equals("bash") && !shell.equals("zsh")) {
            throw AirlockException.usage("airlock completion knows bash and zsh, not " + shell, "type airlock completion bash or airlock completion zsh");
        }
        String script = AutoComplete.bash("airlock", spec.root().commandLine());
        if (shell.equals("zsh")) {
            // picocli's script sets itself up under zsh when bashcompinit is loaded first
            script = "autoload -U +X compinit && compinit\nautoload -U +X bashcompinit && bashcompinit\n" + script;
        }
        spec.commandLine().getOut().print(script);
        spec.commandLine().getOut().flush();
        return 0;
    }
}
