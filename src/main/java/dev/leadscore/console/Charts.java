package dev.leadscore.console;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * ECharts options built on the server, handed to the page as JSON in a {@code data-chart}
 * attribute (escaped like any attribute) and drawn by console.js: no script is made from data.
 */
@ApplicationScoped
public class Charts {
    @Inject
    ObjectMapper json;

    /** One named line of a chart. */
    public record Line(String name, List<?> values) {
    }

    /** A vertical marker on the x axis: a version change, a stage change. */
    public record Marker(Object at, String label) {
    }

    /** Lines over a time axis ({@code [epoch millis, value]} pairs), with markers on the first line. */
    public String timeLines(String title, List<Line> lines, List<Marker> markers, boolean step) {
        Map<String, Object> option = base(title, lines);
        option.put("xAxis", Map.of("type", "time"));
        option.put("yAxis", Map.of("type", "value"));
        option.put("series", series(lines, markers, "line", step));
        return write(option);
    }

    /** Lines or bars over named categories (days, months), with markers on the first series. */
    public String categories(String title, List<String> categories, List<Line> lines, List<Marker> markers, String type) {
        Map<String, Object> option = base(title, lines);
        option.put("xAxis", Map.of("type", "category", "data", categories));
        option.put("yAxis", Map.of("type", "value"));
        option.put("series", series(lines, markers, type, false));
        return write(option);
    }

    private static Map<String, Object> base(String title, List<Line> lines) {
        Map<String, Object> option = new LinkedHashMap<>();
        option.put("title", Map.of("text", title, "left", 8, "top", 4, "textStyle", Map.of("fontSize", 14)));
        option.put("tooltip", Map.of("trigger", "axis"));
        option.put("legend", Map.of("type", "scroll", "bottom", 0, "data", lines.stream().map(Line::name).toList()));
        option.put("grid", Map.of("left", 48, "right", 24, "top", 48, "bottom", 64));
        option.put("animation", false);
        return option;
    }

    private static List<Map<String, Object>> series(List<Line> lines, List<Marker> markers, String type, boolean step) {
        List<Map<String, Object>> series = new ArrayList<>();
        for (Line line : lines) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("name", line.name());
            s.put("type", type);
            s.put("data", line.values());
            if (step) {
                s.put("step", "end");
            }
            if (series.isEmpty() && !markers.isEmpty()) {
                s.put("markLine", Map.of("symbol", List.of("none", "none"), "silent", true,
                        "label", Map.of("position", "insideEndTop"),
                        "data", markers.stream().map(m -> Map.of("xAxis", m.at(), "name", m.label(),
                                "label", Map.of("formatter", m.label().replace("{", "(").replace("}", ")")))).toList()));
            }
            series.add(s);
        }
        return series;
    }

    private String write(Map<String, Object> option) {
        try {
            return json.writeValueAsString(option);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a chart", e);
        }
    }
}
