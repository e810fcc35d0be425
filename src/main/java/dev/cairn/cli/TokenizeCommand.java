package dev.cairn.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.gguf.GgufFile;
import dev.cairn.tokenizer.Tokenizer;
import dev.cairn.tokenizer.Tokenizers;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Prints a text's token ids; only the tokenizer is loaded, so vocabulary-only files work too. */
@Command(name = "tokenize", mixinStandardHelpOptions = true,
        description = "Print the token ids of a text as a JSON array on one line.")
final class TokenizeCommand implements Callable<Integer> {

    @Option(names = {"-m", "--model"}, required = true, paramLabel = "FILE", description = "GGUF model or vocabulary file.")
    Path model;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Input input;

    @Option(names = "--no-bos", description = "Do not add BOS, even where the model's metadata asks for it.")
    boolean noBos;

    @Option(names = "--parse-special", description = "Recognise control tokens such as <|im_start|> in the text.")
    boolean parseSpecial;

    @Option(names = "--verbose", description = "Print stack traces on errors.")
    boolean verbose;

    @Spec
    CommandSpec spec;

    static final class Input {
        @Option(names = {"-p", "--text"}, required = true, paramLabel = "TEXT", description = "The text.")
        String text;

        @Option(names = {"-f", "--text-file"}, required = true, paramLabel = "FILE", description = "A UTF-8 file holding the text.")
        Path file;

        String read() throws IOException {
            // Decoding with replacement: a malformed byte becomes U+FFFD rather than an error, as in llama.cpp.
            return text != null ? text : new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        }
    }

    @Override
    public Integer call() throws IOException {
        String text = input.read();
        Tokenizer tokenizer;
        try (GgufFile file = GgufFile.open(model)) {
            tokenizer = Tokenizers.fromMetadata(file.metadata(), file.path());
        }
        int[] ids = tokenizer.encode(text, tokenizer.vocabulary().addBos() && !noBos, parseSpecial);
        PrintWriter out = spec.commandLine().getOut();
        out.println(new ObjectMapper().writeValueAsString(ids));
        out.flush();
        return 0;
    }
}
