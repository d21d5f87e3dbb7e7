package dev.leadscore.console;

import java.net.URI;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;

import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.SecurityIdentity;

/** What every console page needs: who is looking (from their session), and redirects. */
@RequestScoped
public class ConsolePages {
    @Inject
    SecurityIdentity identity;

    /** The signed-in person; a request authenticated otherwise (an API key header) has no console session. */
    public Viewer me() {
        ConsoleSessions.SignedIn who = identity.getAttribute(SessionAuthentication.SESSION);
        if (who == null) {
            throw new UnauthorizedException();
        }
        return Viewer.of(who);
    }

    /** 303 See Other: after a form, the browser loads the page with GET. */
    static Response seeOther(String path) {
        return Response.seeOther(URI.create(path)).build();
    }
}
