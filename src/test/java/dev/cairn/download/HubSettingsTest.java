package dev.cairn.download;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hub URL, the models folder and the access token: where each comes from. */
class HubSettingsTest {

    @TempDir
    Path data;

    @Test
    void theHubIsTheSettingElseHfEndpointElseHuggingFace() throws Exception {
        assertEquals(URI.create("https://huggingface.co"), HubSettings.read(data).hub(Map.of()));
        assertEquals(URI.create("https://hf-mirror.com"), HubSettings.read(data).hub(Map.of("HF_ENDPOINT", "https://hf-mirror.com/")));
        new ObjectMapper().writeValue(HubSettings.file(data).toFile(), new HubSettings("http://127.0.0.1:8080/", "/srv/models"));
        HubSettings saved = HubSettings.read(data);
        assertEquals(URI.create("http://127.0.0.1:8080"), saved.hub(Map.of("HF_ENDPOINT", "https://hf-mirror.com")));
        assertEquals(Path.of("/srv/models"), saved.modelsRoot(data));
        assertThrows(IllegalArgumentException.class, () -> HubSettings.parseHub("ftp://mirror"));
        assertThrows(IllegalArgumentException.class, () -> HubSettings.parseHub("not a url"));
    }

    @Test
    void theTokenComesFromHfTokenElseTheSavedFileWhichOnlyItsOwnerReads() throws Exception {
        assertEquals(Optional.empty(), HubToken.find(Map.of(), data));
        HubToken.save(data, Optional.of(new AccessToken(" hf_saved \n")));
        assertEquals("hf_saved", HubToken.find(Map.of(), data).orElseThrow().secret());
        assertEquals("hf_env", HubToken.find(Map.of("HF_TOKEN", "hf_env"), data).orElseThrow().secret());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve(HubToken.FILE_NAME))));
        assertEquals("AccessToken[hidden]", new AccessToken("hf_saved").toString());
        HubToken.save(data, Optional.empty());
        assertEquals(Optional.empty(), HubToken.saved(data));
    }
}
