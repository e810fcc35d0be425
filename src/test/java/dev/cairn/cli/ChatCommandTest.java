package dev.cairn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.testing.Fixtures;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The interactive chat driven through stdin, as a person at a terminal would. */
class ChatCommandTest {

    private static CliTest.Outcome chat(String input, String... extra) {
        InputStream oldIn = System.in;
        try {
            System.setIn(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)));
            String[] args = new String[4 + extra.length];
            args[0] = "chat";
            args[1] = "--model";
            args[2] = Fixtures.model("stories260K.gguf").toString();
            args[3] = "--temperature=0";
            System.arraycopy(extra, 0, args, 4, extra.length);
            return CliTest.cairn(args);
        } finally {
            System.setIn(oldIn);
        }
    }

    @Test
    void answersStreamToStdoutAndCommandsWork() {
        CliTest.Outcome o = chat("Once upon a time\n/stats\n/regen\n/reset\n/stats\nThe dog\n/quit\nnever read\n",
                "--max-tokens", "12");
        assertEquals(0, o.exitCode(), o.stderr());
        String[] answers = o.out().split("\n");
        assertEquals(3, answers.length, o.out());
        assertEquals(answers[0], answers[1], "greedy /regen repeats the answer");
        assertTrue(o.stderr().contains("note: no chat template in the file; using the built-in Llama 2"), o.stderr());
        assertTrue(o.stderr().contains("12 tokens,") && o.stderr().contains("stop: MAX_TOKENS"), o.stderr());
        assertTrue(o.stderr().contains("(conversation cleared)"), o.stderr());
    }

    @Test
    void endOfInputEndsTheChat() {
        CliTest.Outcome o = chat("Once upon a time\n", "--max-tokens", "5", "--system", "You tell stories.");
        assertEquals(0, o.exitCode(), o.stderr());
        assertEquals(1, o.out().split("\n").length);
    }
}
