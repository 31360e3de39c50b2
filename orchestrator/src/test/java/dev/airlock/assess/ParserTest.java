package dev.airlock.assess;

import dev.airlock.assess.Syntax.Compound;
import dev.airlock.assess.Syntax.Param;
import dev.airlock.assess.Syntax.Script;
import dev.airlock.assess.Syntax.Simple;
import dev.airlock.assess.Syntax.Subst;
import dev.airlock.assess.Syntax.Word;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ParserTest {

    private static List<String> words(String src) {
        Script s = Parser.parse(src, 0);
        Simple simple = (Simple) s.pipelines().getFirst().commands().getFirst();
        return simple.words().stream().map(w -> w.literal().orElse("<" + w.text() + ">")).toList();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = " => ", quoteCharacter = '`', textBlock = """
            echo a   b                       => echo|a|b
            echo 'a  b' "c d"                => echo|a  b|c d
            echo "it's" 'say "hi"'           => echo|it's|say "hi"
            echo a\\ b                       => echo|a b
            echo $'tab\\there'               => echo|tab	here
            echo $'\\x41\\101\\u00e9'        => echo|AAé
            echo "a\\"b" "\\$x"              => echo|a"b|$x
            echo a#b # comment               => echo|a#b
            echo ''                          => echo|
            echo "a"'b'c                     => echo|abc
            """)
    void quotingIsRemovedAsBashDoes(String src, String expected) {
        assertThat(words(src)).containsExactly(expected.split("\\|", -1));
    }

    @Test
    void expansionsStayUnknownButKeepTheirText() {
        assertThat(words("cat $HOME/x \"${DIR}/y\" ~/z"))
                .containsExactly("cat", "<$HOME/x>", "<${DIR}/y>", "<~/z>");
    }

    @Test
    void operatorsSplitCommandsIntoPipelines() {
        Script s = Parser.parse("a && b || c; d & e | f |& g\nh", 0);
        assertThat(s.pipelines()).hasSize(6);
        assertThat(s.pipelines().get(4).commands()).hasSize(3);
    }

    @Test
    void commandSubstitutionIsParsedRecursively() {
        Script s = Parser.parse("echo \"$(git rev-parse --short HEAD)\" `date`", 0);
        Simple echo = (Simple) s.pipelines().getFirst().commands().getFirst();
        Subst dollar = (Subst) echo.words().get(1).segs().getFirst();
        Subst tick = (Subst) echo.words().get(2).segs().getFirst();
        Simple inner = (Simple) dollar.inner().orElseThrow().pipelines().getFirst().commands().getFirst();
        assertThat(inner.words().stream().map(Word::text)).containsExactly("git", "rev-parse", "--short", "HEAD");
        assertThat(tick.inner()).isPresent();
    }

    @Test
    void nestedParenthesesInsideSubstitutionDoNotEndIt() {
        Script s = Parser.parse("x=$(echo $( (cd a; ls) ) \")\" ) && y", 0);
        assertThat(s.pipelines()).hasSize(2);
    }

    @Test
    void arithmeticIsNotASubstitution() {
        Simple s = (Simple) Parser.parse("echo $((1 + (2 * 3)))", 0).pipelines().getFirst().commands().getFirst();
        assertThat(s.words().get(1).segs().getFirst()).isInstanceOf(Syntax.Arith.class);
    }

    @Test
    void assignmentsBeforeTheCommandAreNotWords() {
        Simple s = (Simple) Parser.parse("FOO=1 BAR=\"a b\" make -j4 X=2", 0).pipelines().getFirst().commands().getFirst();
        assertThat(s.assigns()).extracting(Syntax.Assign::name).containsExactly("FOO", "BAR");
        assertThat(s.assigns().get(1).value().literal()).contains("a b");
        assertThat(s.words().stream().map(Word::text)).containsExactly("make", "-j4", "X=2");
    }

    @Test
    void quotedAssignmentIsAWord() {
        Simple s = (Simple) Parser.parse("\"A=1\" cmd", 0).pipelines().getFirst().commands().getFirst();
        assertThat(s.assigns()).isEmpty();
        assertThat(s.words()).hasSize(2);
    }

    @Test
    void redirectionsAreSeparatedFromWords() {
        Simple s = (Simple) Parser.parse("cmd >out 2>&1 arg <in &>>all 3<>rw >|clob", 0)
                .pipelines().getFirst().commands().getFirst();
        assertThat(s.words().stream().map(Word::text)).containsExactly("cmd", "arg");
        assertThat(s.redirects()).extracting(Syntax.Redirect::op).containsExactly(">", ">&", "<", "&>>", "<>", ">|");
        assertThat(s.redirects().get(1).fd()).isEqualTo(2);
        assertThat(s.redirects().get(1).writes()).isFalse();
        assertThat(s.redirects().getFirst().writes()).isTrue();
    }

    @Test
    void hereDocumentBodiesAreReadAfterTheLine() {
        Script s = Parser.parse("cat <<EOF > f && echo done\nline $X\nEOF\nls", 0);
        assertThat(s.pipelines()).hasSize(3);
        Simple cat = (Simple) s.pipelines().getFirst().commands().getFirst();
        Word body = cat.redirects().getFirst().heredoc().orElseThrow().body;
        assertThat(body.text()).isEqualTo("line $X\n");
        assertThat(body.segs()).anyMatch(seg -> seg instanceof Param);
    }

    @Test
    void quotedHereDocumentDelimiterKeepsTheBodyLiteral() {
        Script s = Parser.parse("cat <<-'EOF'\n\t$(rm x)\n\tEOF\n", 0);
        Simple cat = (Simple) s.pipelines().getFirst().commands().getFirst();
        assertThat(cat.redirects().getFirst().heredoc().orElseThrow().body.literal()).contains("$(rm x)\n");
    }

    @Test
    void compoundCommandsAreParsed() {
        Script s = Parser.parse("""
                if [ -f a ]; then echo y; elif true; then :; else echo n; fi
                for f in *.txt; do mv "$f" x; done
                while read l; do echo "$l"; done < list
                case "$1" in a|b) echo ab;; (c) echo c;; *) ;; esac
                f() { echo in; }
                function g { echo g; }
                [[ $a < $b && -n "$c" ]]
                (( i++ ))
                ( cd sub && make )
                { echo 1; echo 2; } > out
                """, 0);
        assertThat(s.pipelines()).hasSize(10);
        assertThat(s.pipelines().get(1).commands().getFirst()).isInstanceOfSatisfying(Compound.class,
                c -> assertThat(c.name()).isEqualTo("f"));
        assertThat(s.pipelines().get(6).commands().getFirst()).isInstanceOfSatisfying(Compound.class,
                c -> assertThat(c.kind()).isEqualTo("test"));
    }

    @Test
    void reservedWordsAreOnlyReservedAsCommands() {
        assertThat(words("echo if then done }")).containsExactly("echo", "if", "then", "done", "}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"echo 'open", "echo \"open", "echo $(ls", "echo `ls", "echo ${x", "if true; then ls",
            "ls |", "ls &&", "( ls", "{ ls;", "case x in a) ls", "ls >", "cat <<", "for", ")", "&& ls"})
    void brokenInputIsAParseError(String src) {
        assertThatThrownBy(() -> Parser.parse(src, 0)).isInstanceOf(ParseException.class);
    }

    @Test
    void deepNestingIsRefusedNotOverflowed() {
        String deep = "echo " + "$(".repeat(5000) + ")".repeat(5000);
        assertThatThrownBy(() -> Parser.parse(deep, 0)).isInstanceOf(ParseException.class)
                .hasMessageContaining("nested too deeply");
    }

    @Test
    void lineContinuationJoinsWords() {
        assertThat(words("npm \\\n  install \\\n  left-pad")).containsExactly("npm", "install", "left-pad");
    }

    @Test
    void processSubstitutionIsASubstitution() {
        Simple s = (Simple) Parser.parse("diff <(sort a) <(sort b)", 0).pipelines().getFirst().commands().getFirst();
        assertThat(s.words().get(1).segs().getFirst()).isInstanceOf(Subst.class);
    }
}
