package dev.cairn.cli;

import dev.cairn.backend.BackendUnavailableException;
import dev.cairn.gguf.GgufFormatException;
import dev.cairn.model.UnsupportedModelException;
import dev.cairn.tokenizer.UnsupportedTokenizerException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code cairn} command line. */
@Command(name = "cairn", mixinStandardHelpOptions = true, versionProvider = CairnCommand.Version.class,
        description = "Runs large language models locally from GGUF files.",
        subcommands = {DevicesCommand.class, GenerateCommand.class, LogitsCommand.class, InspectCommand.class, BenchCommand.class,
            SynthCommand.class, DiskCommand.class, TokenizeCommand.class, ChatTemplateCommand.class, ChatCommand.class, QuantizeCommand.class,
            PullCommand.class, SearchCommand.class, ModelsCommand.class, ServeCommand.class})
public final class CairnCommand implements Runnable {

    /** Exit code for a bad or unsupported model file, or a backend that cannot run here. */
    public static final int EXIT_BAD_MODEL = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Runs the command line and returns the process exit code. */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new CairnCommand());
        cli.setOut(new PrintWriter(System.out, true, StandardCharsets.UTF_8));
        cli.setErr(new PrintWriter(System.err, true, StandardCharsets.UTF_8));
        cli.setExecutionExceptionHandler(CairnCommand::handle);
        cli.setParameterExceptionHandler(CairnCommand::usageError);
        return cli.execute(args);
    }

    /** A mistake in the arguments: one line saying what, one line saying where the options are, no usage dump. */
    private static int usageError(CommandLine.ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println("error: " + e.getMessage());
        List<String> suggestions = e instanceof CommandLine.UnmatchedArgumentException unmatched
                ? unmatched.getSuggestions() : List.of();
        err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for the options"
                + (suggestions.isEmpty() ? "." : "; did you mean " + String.join(" or ", suggestions) + "?"));
        err.flush();
        return cmd.getCommandSpec().exitCodeOnInvalidInput();
    }

    private static int handle(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        boolean verbose = parsed.hasMatchedOption("--verbose")
                || parsed.subcommands().stream().anyMatch(p -> p.hasMatchedOption("--verbose"));
        PrintWriter err = cmd.getErr();
        err.println("error: " + describe(e));
        if (verbose) {
            e.printStackTrace(err);
        }
        err.flush();
        return isBadModel(e) ? EXIT_BAD_MODEL : 1;
    }

    private static boolean isBadModel(Exception e) {
        return e instanceof GgufFormatException || e instanceof UnsupportedModelException
                || e instanceof UnsupportedTokenizerException || e instanceof BackendUnavailableException;
    }

    private static String describe(Exception e) {
        if (e instanceof NoSuchFileException missing) {
            return missing.getFile() + ": no such file";
        }
        if (e instanceof IOException && e.getMessage() == null) {
            return e.getClass().getSimpleName();
        }
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }

    /** Reports the version from the jar manifest when packaged. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = CairnCommand.class.getPackage().getImplementationVersion();
            return new String[] {"cairn " + (v == null ? "(development build)" : v)};
        }
    }
}
