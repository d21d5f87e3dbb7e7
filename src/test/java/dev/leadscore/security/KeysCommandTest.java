package dev.leadscore.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;
import jakarta.validation.Validator;

import org.junit.jupiter.api.Test;

import dev.leadscore.EmbeddedPostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The {@code keys} command line: create, list, revoke against the service's database. */
@QuarkusTest
@QuarkusTestResource(value = EmbeddedPostgresResource.class, restrictToAnnotatedClass = false)
class KeysCommandTest {
    @Inject
    ApiKeyService keys;
    @Inject
    Validator validator;

    record Run(int code, String out, String err) {
    }

    Run run(String... args) {
        KeysCommand command = new KeysCommand();
        command.keys = keys;
        command.validator = validator;
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            int code = command.run(args);
            return new Run(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    @Test
    void createsAKeyThatWorksListsItWithoutTheKeyAndRevokesIt() {
        Run created = run("keys", "create", "--role", "revops", "--name", "cli-test");
        assertThat(created.code()).isZero();
        Matcher m = Pattern.compile("Created key (\\d+) .*\\n(lsk_\\S+)").matcher(created.out());
        assertThat(m.find()).as(created.out()).isTrue();
        String id = m.group(1);
        String key = m.group(2);
        given().header("X-API-Key", key).get("/api/leads/{id}/score", "no-such-lead").then().statusCode(404);

        Run listed = run("keys", "list");
        assertThat(listed.out()).contains(id + "\tcli-test\trevops").doesNotContain(key);

        assertThat(run("keys", "revoke", id).code()).isZero();
        given().header("X-API-Key", key).get("/api/leads/{id}/score", "no-such-lead").then().statusCode(401);
    }

    @Test
    void badArgumentsPrintTheUsage() {
        Run r = run("keys", "create", "--role", "root", "--name", "x");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("role");
        assertThat(run("keys", "frobnicate").err()).contains("usage: keys create");
        assertThat(run("keys", "create", "--role").err()).contains("usage");
    }
}
