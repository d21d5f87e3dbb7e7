package dev.leadscore.lifecycle;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.restassured.path.json.JsonPath;

/**
 * A local HTTP endpoint (JDK HttpServer on 127.0.0.1) standing in for a CRM's webhook receiver.
 * It records every call and answers with the queued status codes, then 200.
 */
public class WebhookReceiver implements QuarkusTestResourceLifecycleManager {
    public static final String SECRET = "test-webhook-secret";
    /** Answers 200, but only after longer than the service waits (its timeout is 5s in the tests). */
    public static final int SLOW = -1;

    public record Call(String body, String signature, String timestamp, String delivery) {
    }

    private static final List<Call> CALLS = new CopyOnWriteArrayList<>();
    private static final ConcurrentLinkedQueue<Integer> STATUSES = new ConcurrentLinkedQueue<>();
    private HttpServer server;

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/hooks", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            CALLS.add(new Call(body, exchange.getRequestHeaders().getFirst("X-Leadscore-Signature"),
                    exchange.getRequestHeaders().getFirst("X-Leadscore-Timestamp"),
                    exchange.getRequestHeaders().getFirst("X-Leadscore-Delivery")));
            Integer status = STATUSES.poll();
            if (status != null && status == SLOW) {
                try {
                    Thread.sleep(6_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                status = 200;
            }
            byte[] answer = (status == null ? "ok" : "refused").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status == null ? 200 : status, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
        return Map.of(
                "leadscore.notify.endpoints.test.url", "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks",
                "leadscore.notify.endpoints.test.secret", SECRET);
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    /** The calls received about one lead or account (its id in the body's leadId or accountId). */
    public static List<Call> callsAbout(String id) {
        List<Call> out = new ArrayList<>();
        for (Call c : CALLS) {
            JsonPath body = new JsonPath(c.body());
            if (id.equals(body.getString("leadId")) || id.equals(body.getString("accountId"))) {
                out.add(c);
            }
        }
        return out;
    }

    /** The next calls are answered with these status codes (or {@link #SLOW}), in order. */
    public static void answerNext(Integer... statuses) {
        STATUSES.addAll(List.of(statuses));
    }

    public static void reset() {
        STATUSES.clear();
    }
}
