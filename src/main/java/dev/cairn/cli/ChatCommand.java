package dev.cairn.cli;

import dev.cairn.runtime.Answer;
import dev.cairn.runtime.ChatSession;
import dev.cairn.runtime.ChatSettings;
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
import java.util.concurrent.atomic.AtomicBoolean;
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
        PrintWriter err = spec.commandLine().getErr();
        PrintStream out = System.out;
        try (LoadedModel loaded = model.load()) {
            ChatFormat format = ChatFormat.of(loaded.file().metadata(), loaded.file().path().getFileName().toString());
            format.fallbackReason().ifPresent(reason -> err.println("note: " + reason));
            ChatSettings settings = new ChatSettings(sampling.params(), model.contextFor(loaded, 0), maxTokens, stops);
            ChatSession session = new ChatSession(loaded, new TemplateRenderer(format), settings);
            session.setSystemPrompt(system);
            AtomicBoolean answering = new AtomicBoolean();
            installInterruptHandler(session, answering);
            err.printf(Locale.ROOT, "%s loaded (%s, context %d). Type a message; /reset, /regen, /stats, /quit.%n",
                    loaded.file().path().getFileName(), loaded.transformer().backend().name(), settings.contextLength());
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
                        session.reset();
                        err.println("(conversation cleared)");
                    }
                    case "/stats" -> err.println(last == null ? "(no answer yet)" : stats(last, session, settings));
                    case "/regen" -> last = answer(() -> session.regenerate(text -> print(out, text)), answering, out, err);
                    default -> last = answer(() -> session.send(line, text -> print(out, text)), answering, out, err);
                }
                err.flush();
            }
        }
        return 0;
    }

    private interface AnswerCall {
        Answer run();
    }

    private static Answer answer(AnswerCall call, AtomicBoolean answering, PrintStream out, PrintWriter err) {
        answering.set(true);
        try {
            Answer answer = call.run();
            out.println();
            out.flush();
            if (answer.stopReason() == Answer.StopReason.CANCELLED) {
                err.println("(stopped)");
            }
            return answer;
        } catch (IllegalArgumentException | IllegalStateException e) {
            err.println("error: " + e.getMessage());
            return null;
        } finally {
            answering.set(false);
        }
    }

    private static void print(PrintStream out, String text) {
        out.print(text);
        out.flush();
    }

    private static String stats(Answer a, ChatSession session, ChatSettings settings) {
        return String.format(Locale.ROOT,
                "%d tokens, %.2f tok/s, first token after %.0f ms, stop: %s; prompt %d tokens (%d evaluated), context %d/%d%s",
                a.generatedTokens(), a.tokensPerSecond(), a.timeToFirstTokenNanos() / 1e6, a.stopReason(),
                a.promptTokens(), a.evaluatedTokens(), session.cachedTokens().length, settings.contextLength(),
                a.droppedMessages() > 0 ? ", " + a.droppedMessages() + " old messages left out" : "");
    }

    /** Ctrl-C stops the answer being written; at the prompt it ends the program as usual. */
    private static void installInterruptHandler(ChatSession session, AtomicBoolean answering) {
        try {
            Signal.handle(new Signal("INT"), signal -> {
                if (answering.get()) {
                    session.cancel();
                } else {
                    System.exit(130);
                }
            });
        } catch (IllegalArgumentException unsupported) {
            // No SIGINT on this platform or it is reserved by the VM: Ctrl-C keeps its default meaning.
        }
    }
}
