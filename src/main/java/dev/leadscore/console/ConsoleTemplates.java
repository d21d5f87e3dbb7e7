package dev.leadscore.console;

import java.util.List;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/** The console's pages (src/main/resources/templates/console), checked against these parameters at build time. */
@CheckedTemplate(basePath = "console")
public class ConsoleTemplates {
    static native TemplateInstance signIn(String csrf, String error);

    static native TemplateInstance home(Viewer me, List<String> models);

    static native TemplateInstance error(Viewer me, int status, String title, String detail);
}
