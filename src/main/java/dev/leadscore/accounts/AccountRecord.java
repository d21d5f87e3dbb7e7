package dev.leadscore.accounts;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** An account (leads sharing an account id, or a company domain) and whether it is escalated. */
@Entity
@Table(name = "account")
public class AccountRecord extends PanacheEntityBase {
    public static final String NONE = "NONE";
    public static final String ESCALATED = "ESCALATED";

    @Id
    @Column(name = "account_key")
    public String accountKey;
    public String status;
    @Column(name = "escalated_at")
    public Instant escalatedAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
}
