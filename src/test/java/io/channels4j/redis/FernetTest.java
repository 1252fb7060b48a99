package io.channels4j.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.channels4j.layer.Messages;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FernetTest {

    /**
     * Made with Python's cryptography 38.0.4:
     * {@code Fernet(urlsafe_b64encode(sha256(b"correct horse battery staple").digest()))
     * .encrypt_at_time(b"hello from python", 1893456000)}.
     */
    private static final String PYTHON_TOKEN = "gAAAAABw29iAOoXoSNq8D7WKIvTORo1lp62tF7FLX0rVw4Op80-_hDZWdiYsh_HhS_6gd9w_2gLVjDONoItT64Y5zgeFgD7tjpKZ5yOmXwv2_gqVVldvmEM=";

    /**
     * A member made by channels_redis 4.0 with {@code symmetric_encryption_keys=["s3cret", "old-key"]}:
     * {@code layer.serialize({"type": "chat.message", "message": "from django", "__asgi_channel__":
     * "specific.abc!def"})}, stamped 1795818251.
     */
    private static final String PYTHON_MEMBER = "8bd1caa35429d6b9162af6fe674141414141427243674d4c334e51753870725f385a"
            + "39374737474e7368386a4970714d5a75636c6367747046496a4f68722d39457537797657467154447933584a474f57315344"
            + "457a5736575276514a34496c786b36584469444d484d4e433778456c714b68527a75667769506f4c387a7134774c7257706378"
            + "6846696d42655a4771756c766b3248626a63652d6a6e39746463746177584c626f51455435495a4e37515131427871523339"
            + "725a47505a6b2d6459553d";
    private static final long PYTHON_MEMBER_STAMP = 1795818251L;

    @Test
    void aTokenMadeByPythonsCryptographyDecryptsInJava() {
        Fernet fernet = Fernet.fromPassphrases(List.of("correct horse battery staple"));
        byte[] plain = fernet.decrypt(PYTHON_TOKEN.getBytes(StandardCharsets.US_ASCII), 1893456005L, 70);
        assertThat(new String(plain, StandardCharsets.UTF_8)).isEqualTo("hello from python");
    }

    @Test
    void aMemberEncryptedByChannelsRedisDecodesWithAnyOfItsKeys() {
        byte[] member = HexFormat.of().parseHex(PYTHON_MEMBER);
        for (List<String> keys : List.of(List.of("s3cret"), List.of("new-key", "s3cret"))) {
            MessageCodec codec = new MessageCodec(Fernet.fromPassphrases(keys));
            MessageCodec.Decoded decoded = codec.decode(member, PYTHON_MEMBER_STAMP + 3, 70);
            assertThat(decoded.message()).isEqualTo(Map.of("type", "chat.message", "message", "from django"));
            assertThat(decoded.channels()).isEqualTo("specific.abc!def");
        }
    }

    @Test
    void theFirstKeyEncryptsAndEveryKeyDecrypts() {
        Fernet rotated = Fernet.fromPassphrases(List.of("new", "old"));
        Fernet oldOnly = Fernet.fromPassphrases(List.of("old"));
        Fernet newOnly = Fernet.fromPassphrases(List.of("new"));
        byte[] token = rotated.encrypt("payload".getBytes(StandardCharsets.UTF_8), 1000);

        assertThat(newOnly.decrypt(token, 1000, 70)).asString(StandardCharsets.UTF_8).isEqualTo("payload");
        assertThat(rotated.decrypt(oldOnly.encrypt(new byte[] {1, 2}, 1000), 1000, 70)).containsExactly(1, 2);
        assertThatThrownBy(() -> oldOnly.decrypt(token, 1000, 70)).hasMessageContaining("no key matches");
    }

    @Test
    void tokensOlderThanTheTtlOrFromTheFutureAreRefused() {
        Fernet fernet = Fernet.fromPassphrases(List.of("k"));
        byte[] token = fernet.encrypt(new byte[] {1}, 1000);

        assertThat(fernet.decrypt(token, 1070, 70)).containsExactly(1);
        assertThatThrownBy(() -> fernet.decrypt(token, 1071, 70)).hasMessageContaining("older than 70 s");
        assertThatThrownBy(() -> fernet.decrypt(token, 939, 70)).hasMessageContaining("future");
    }

    @Test
    void aTamperedOrMalformedTokenIsRefused() {
        Fernet fernet = Fernet.fromPassphrases(List.of("k"));
        byte[] token = fernet.encrypt("abc".getBytes(StandardCharsets.UTF_8), 1000);
        byte[] tampered = token.clone();
        tampered[40] = (byte) (tampered[40] == 'A' ? 'B' : 'A');

        assertThatThrownBy(() -> fernet.decrypt(tampered, 1000, 70)).isInstanceOf(Fernet.InvalidTokenException.class);
        assertThatThrownBy(() -> fernet.decrypt("not base64!".getBytes(StandardCharsets.US_ASCII), 1000, 70))
                .hasMessageContaining("base64");
        assertThatThrownBy(() -> fernet.decrypt("gAAAAA==".getBytes(StandardCharsets.US_ASCII), 1000, 70))
                .hasMessageContaining("not a Fernet token");
    }

    @Test
    void encryptedMembersHideTheMessage() {
        MessageCodec codec = new MessageCodec(Fernet.fromPassphrases(List.of("k")));
        byte[] member = codec.member(MessageCodec.newId(), codec.pack(Messages.copy(Map.of("secret", "swordfish"))), null, 1000);
        assertThat(new String(member, StandardCharsets.ISO_8859_1)).doesNotContain("swordfish").contains("gAAAAA");
    }
}
