package dev.leadscore.security;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import dev.leadscore.api.LeadIds;
import dev.leadscore.api.ProblemMappers;
import io.quarkus.arc.Arc;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * Keeps an integration key restricted to a source on the leads of that source. A lead's owner is
 * set when it is created (the key's source, or else the profile's {@code source}) and never
 * changes. Any endpoint with a {@code {leadId}} path parameter is checked here, so endpoints
 * added later are covered too; another source's lead answers 404, as if it did not exist.
 */
@ApplicationScoped
public class LeadAccess {
    public static final String LEAD_ID_PARAMETER = "leadId";

    @Inject
    CurrentIdentityAssociation identities;
    @Inject
    EntityManager em;

    /** The source the current request is restricted to, if any. */
    public Optional<String> restrictedSource() {
        if (!Arc.container().requestContext().isActive()) {
            return Optional.empty();
        }
        SecurityIdentity identity = identities.getIdentity();
        return identity == null ? Optional.empty() : Optional.ofNullable(identity.getAttribute(ApiKeyAuthentication.SOURCE));
    }

    /** The owner a lead created by the current request gets. */
    public String ownerOfNewLead(String profileSource) {
        return restrictedSource().orElse(profileSource);
    }

    /** Throws the same 404 as for a missing lead when the current key may not see a lead with this owner. */
    public void requireVisible(String leadId, String owner) {
        Optional<String> source = restrictedSource();
        if (source.isPresent() && !source.get().equals(owner)) {
            throw LeadIds.unknown(leadId);
        }
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    @SuppressWarnings("unchecked")
    List<String> owners(String leadId) {
        return em.createNativeQuery("select coalesce(owner, '') from lead where id = ?1").setParameter(1, leadId).getResultList();
    }

    @ServerRequestFilter(priority = Priorities.AUTHORIZATION + 20)
    public Optional<Response> ownLeadsOnly(UriInfo uri) {
        String leadId = uri.getPathParameters().getFirst(LEAD_ID_PARAMETER);
        if (leadId != null && !LeadIds.valid(leadId)) {
            // refused before any query: a NUL byte or a 100 kB id never reaches the database
            return Optional.of(ProblemMappers.respond(LeadIds.invalid(LEAD_ID_PARAMETER).problem()));
        }
        Optional<String> source = leadId == null ? Optional.empty() : restrictedSource();
        if (source.isEmpty()) {
            return Optional.empty();
        }
        List<String> owners = owners(leadId);
        if (!owners.isEmpty() && !source.get().equals(owners.get(0))) {
            return Optional.of(ProblemMappers.respond(LeadIds.unknown(leadId).problem()));
        }
        return Optional.empty();
    }
}
