package dev.leadscore.rules;

import dev.leadscore.scoring.RuleFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.leadscore.api.ProblemException;
import dev.leadscore.security.Roles;

/**
 * The stored files of any version of a model, as they were uploaded or read from the rules
 * folder: one file, or all of them as a zip a person can unpack into {@code rules/<model>/} or
 * upload again as a draft.
 */
@Path("/api/rules/{model}/versions/{version}/files")
@Tag(name = "Rules")
@RolesAllowed({ Roles.MARKETING_OPS, Roles.RULES_DEVELOPER, Roles.REVOPS, Roles.ADMIN })
public class RuleFilesResource {

    @jakarta.inject.Inject
    RulesetVersions versions;
    private static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    @GET
    @Path("/{name}")
    @Operation(summary = "One file of a stored version (a table .xlsx, a .drl, examples.yaml), as an attachment")
    public Response file(@PathParam("model") String model, @PathParam("version") String version,
            @PathParam("name") String name) {
        return file(versions.storedFiles(model, version), model, version, name);
    }

    @GET
    @Operation(summary = "Every file of a stored version as one .zip, as an attachment")
    public Response zip(@PathParam("model") String model, @PathParam("version") String version) {
        return zip(versions.storedFiles(model, version), model, version);
    }

    /** One file as a download named after it. */
    public static Response file(RuleFiles files, String model, String version, String name) {
        byte[] bytes = name == null ? null : files.files().get(name);
        if (bytes == null) {
            throw ProblemException.notFound("Version " + version + " of model '" + model + "' has no file '" + name + "'");
        }
        String type = name.endsWith(RuleFiles.TABLE) ? XLSX
                : name.endsWith(".yaml") ? "application/yaml; charset=UTF-8" : "text/plain; charset=UTF-8";
        return attachment(bytes, type, name);
    }

    /** Every file in one zip named {@code <model>-<version>.zip}. */
    public static Response zip(RuleFiles files, String model, String version) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> f : files.files().entrySet()) {
                zip.putNextEntry(new ZipEntry(f.getKey()));
                zip.write(f.getValue());
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return attachment(out.toByteArray(), "application/zip", model + "-" + version + ".zip");
    }

    private static Response attachment(byte[] bytes, String type, String name) {
        // stored names are plain file names (the upload keeps the base name only); quotes and
        // anything outside printable ASCII are replaced so the header cannot be broken
        String safe = name.replaceAll("[^A-Za-z0-9._-]", "_");
        return Response.ok(bytes, type).header("Content-Disposition", "attachment; filename=\"" + safe + "\"")
                .header("X-Content-Type-Options", "nosniff").build();
    }
}
