package dev.cairn.cli;

import dev.cairn.gguf.GgufFile;
import dev.cairn.chat.ChatFormat;
import dev.cairn.chat.ChatMessage;
import dev.cairn.chat.ChatRequest;
import dev.cairn.chat.ChatTemplate;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Renders a chat template for a conversation and prints exactly the prompt text a model would be fed. */
@Command(name = "chat-template", mixinStandardHelpOptions = true,
        description = "Render a chat template (a model's, or a Jinja file) for a conversation and print exactly the result.")
final class ChatTemplateCommand implements Callable<Integer> {

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    /** Where the template comes from: a model's metadata, or a file. */
    static final class Source {
        @Option(names = {"-m", "--model"}, paramLabel = "FILE",
                description = "GGUF model: its tokenizer.chat_template, or a built-in format if it has none.")
        Path model;

        @Option(names = "--template", paramLabel = "FILE", description = "Jinja chat template file.")
        Path template;
    }

    @Option(names = "--messages", required = true, paramLabel = "FILE",
            description = "JSON array of {\"role\": ..., \"content\": ...} messages.")
    Path messages;

    @Option(names = "--add-generation-prompt", description = "End with the opening of the assistant's turn.")
    boolean addGenerationPrompt;

    @Option(names = "--bos", paramLabel = "TEXT", description = "bos_token (default: the model's BOS token text; empty with --template).")
    String bos;

    @Option(names = "--eos", paramLabel = "TEXT", description = "eos_token (default: the model's EOS token text; empty with --template).")
    String eos;

    @Option(names = "--now", paramLabel = "YYYY-MM-DD", description = "The date strftime_now reports (default: today).")
    LocalDate now;

    @Option(names = "--verbose", description = "Print stack traces on errors.")
    boolean verbose;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        List<ChatMessage> conversation = Checks.parsed("--messages " + messages, Files.readString(messages, StandardCharsets.UTF_8),
                ChatMessage::listFromJson);
        ChatFormat format = source.model != null ? modelFormat(source.model) : fileFormat(source.template);
        ChatRequest request = new ChatRequest(conversation, addGenerationPrompt,
                bos != null ? bos : format.bosToken(), eos != null ? eos : format.eosToken(),
                now != null ? now.atStartOfDay() : LocalDateTime.now());
        byte[] text = format.template().render(request).getBytes(StandardCharsets.UTF_8);
        // Raw bytes, nothing added: the output is the exact prompt, trailing newline or not.
        System.out.write(text, 0, text.length);
        System.out.flush();
        return 0;
    }

    private ChatFormat modelFormat(Path model) throws IOException {
        try (GgufFile file = GgufFile.open(model)) {
            ChatFormat format = ChatFormat.of(file.metadata(), model.getFileName().toString());
            format.fallbackReason().ifPresent(reason -> {
                spec.commandLine().getErr().println("note: " + model.getFileName() + ": " + reason);
                spec.commandLine().getErr().flush();
            });
            return format;
        }
    }

    private static ChatFormat fileFormat(Path template) throws IOException {
        ChatTemplate parsed = ChatTemplate.parse(template.getFileName().toString(),
                Files.readString(template, StandardCharsets.UTF_8));
        return new ChatFormat(parsed, "", "", Optional.empty());
    }
}
