package dev.leadscore.scoring.table;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** Normalising a value (trimmed, lower case) takes a shortcut for plain ASCII; the result must not change. */
class WordsTest {

    private static String expected(String v) {
        return v.strip().toLowerCase(Locale.ROOT);
    }

    @Test
    void normalisesLikeStripAndLowerCase() {
        List<String> values = new ArrayList<>(List.of("", " ", "page_view", "Page_View", " page_view", "page_view\t",
                "/pricing?plan=Team", "demo_request\u00a0", "\u2003form_submit\u2003", "\u000bx\u001f", "x\u007f",
                "\u007fx", "ÉBOOK", "İstanbul", "straße", "ǅ", "a b", "A", "z", "@[`{", "1.5", "\u0085nel\u0085"));
        Random random = new Random(42);
        char[] alphabet = "aZ_ /-.09\t\n\u00a0\u2002\u0130\u00c9\u007f\u0000~`@[".toCharArray();
        for (int i = 0; i < 5000; i++) {
            char[] chars = new char[random.nextInt(6)];
            for (int j = 0; j < chars.length; j++) {
                chars[j] = alphabet[random.nextInt(alphabet.length)];
            }
            values.add(new String(chars));
        }
        for (String v : values) {
            assertThat(Words.normalise(v)).as("normalise(\"%s\")", v).isEqualTo(expected(v));
        }
        assertThat(Words.normalise(null)).isNull();
    }

    @Test
    void normalisesEveryValueOfAList() {
        assertThat(Words.normaliseAll(List.of())).isEmpty();
        assertThat(Words.normaliseAll(List.of(" Form_Submit "))).containsExactly("form_submit");
        assertThat(Words.normaliseAll(List.of("Salesforce", " hubspot", "JIRA"))).containsExactly("salesforce", "hubspot", "jira");
    }
}
