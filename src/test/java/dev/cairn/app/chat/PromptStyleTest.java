package dev.cairn.app.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cairn.runtime.LoadedModel;
import dev.cairn.testing.Fixtures;
import dev.cairn.chat.ChatMessage;
import java.util.List;
import org.junit.jupiter.api.Test;

class PromptStyleTest {

    @Test
    void plainTextJoinsTheConversationAsOneText() {
        String text = PromptStyle.plainText(List.of(ChatMessage.system("Stories for children."), ChatMessage.user("Once upon a time"),
                ChatMessage.assistant(", there was a dog."), ChatMessage.user("The end")), true);
        assertEquals("Stories for children.\n\nOnce upon a time, there was a dog.\nThe end", text);
    }

    @Test
    void aModelWithoutATemplateContinuesPlainText() throws Exception {
        try (LoadedModel model = LoadedModel.open(Fixtures.model("stories260K.gguf"), 1)) {
            assertEquals(PromptStyle.PLAIN_TEXT, PromptStyle.AUTOMATIC.resolve(model));
            assertEquals(PromptStyle.CHAT_FORMAT, PromptStyle.CHAT_FORMAT.resolve(model));
            assertEquals("<s>[INST] Hi [/INST]", PromptStyle.CHAT_FORMAT.renderer(model).render(List.of(ChatMessage.user("Hi")), true).strip());
        }
    }
}
