package dev.cairn.cli;

import dev.cairn.runtime.Answer;
import dev.cairn.runtime.Answerer;
import dev.cairn.runtime.LoadedModel;
import dev.cairn.runtime.TemplateRenderer;
import dev.cairn.chat.ChatFormat;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import sun.misc.Signal;

/**
 * An interactive chat in the terminal: lines from stdin are user messages, answers stream to stdout,
 * everything else (banner, notes, statistics) goes to stderr so the answers can be piped.
 */
@Command(name = "chat", mixinStandardHelpOptions = true,
        description = "Chat with a model in the terminal. Commands: /reset, /regen, /stats, /quit. Ctrl-C stops the current answer.")
final class ChatCommand implements Callable<Integer> {

    @Mixin
    ModelOptions model;

    @Mixin
    SamplingOptions sampling;

    @Option(names = "--system", paramLabel = "TEXT", description = "System prompt.")
    String system;

    @Option(names = {"-n", "--max-tokens"}, paramLabel = "N", defaultValue = "1024", description = "Most tokens per answer (default: ${DEFAULT-VALUE}).")
    int maxTokens;

    @Option(names = "--stop", paramLabel = "TEXT", description = "Text that ends an answer (repeatable).")
    List<String> stops = new ArrayList<>();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        Checks.atLeastOne("--max-tokens", maxTokens);
        PrintWriter err = spec.commandLine().getErr();
        PrintStream out = System.out;
        try (LoadedModel loaded = model.load()) {
            ChatFormat format = ChatFormat.of(loaded.file().metadata(), loaded.file().path().getFileName().toString());
            format.fallbackReason().ifPresent(reason -> err.println("note: " + reason));
            Answerer answerer = new Answerer(loaded, model.contextFor(loaded));
            Conversation chat = new Conversation(answerer, new TemplateRenderer(format), sampling.params(), maxTokens, stops);
            chat.setSystemPrompt(system);
            installInterruptHandler(chat);
            err.printf(Locale.ROOT, "%s loaded (%s, context %d). Type a message; /reset, /regen, /stats, /quit.%n",
                    loaded.file().path().getFileName(), loaded.transformer().backend().name(), answerer.contextLength());
            err.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            Answer last = null;
            for (String input = in.readLine(); input != null; input = in.readLine()) {
                String line = input;
                String command = line.strip();
                if (command.isEmpty()) {
                    continue;
                }
                switch (command) {
                    case "/quit", "/exit" -> {
                        return 0;
                    }
                    case "/reset" -> {
                        chat.reset();
                        err.println("(conversation cleared)");
                    }
                    case "/stats" -> err.println(last == null ? "(no answer yet)" : stats(last, answerer));
                    case "/regen" -> last = answer(() -> chat.regenerate(text -> print(out, text)), out, err);
                    default -> last = answer(() -> chat.send(line, text -> print(out, text)), out, err);
                }
                err.flush();
            }
        }
        return 0;
    }

    private interface AnswerCall {
        Answer run();
    }

    private static Answer answer(AnswerCall call, PrintStream out, PrintWriter err) {
        try {
            Answer answer = call.run();
            out.println();
            out.flush();
            if (answer.stopReason() == Answer.StopReason.CANCELLED) {
                err.println("(stopped)");
            }
            return answer;
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return null;
        }
    }

    private static void print(PrintStream out, String text) {
        out.print(text);
        out.flush();
    }

    private static String stats(Answer a, Answerer answerer) {
        return String.format(Locale.ROOT,
                "%d tokens, %.2f tok/s, first token after %.0f ms, stop: %s; prompt %d tokens (%d evaluated), context %d/%d%s",
                a.generatedTokens(), a.tokensPerSecond(), a.timeToFirstTokenNanos() / 1e6, a.stopReason(),
                a.promptTokens(), a.evaluatedTokens(), answerer.cachedTokens().length, answerer.contextLength(),
                a.droppedMessages() > 0 ? ", " + a.droppedMessages() + " old messages left out" : "");
    }

    /** Ctrl-C stops the answer being written; at the prompt it ends the program as usual. */
    private static void installInterruptHandler(Conversation chat) {
        try {
            Signal.handle(new Signal("INT"), signal -> {
                if (!chat.stopAnswer()) {
                    System.exit(130);
                }
            });
        } catch (IllegalArgumentException unsupported) {
            // No SIGINT on this platform or it is reserved by the VM: Ctrl-C keeps its default meaning.
        }
    }
}
