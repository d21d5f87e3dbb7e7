package dev.leadscore.rules;

import dev.leadscore.scoring.WhatIf;
import dev.leadscore.scoring.RuleFiles;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.MapKeyColumn;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * One version of a model as stored: its files (never changed once written), who made it and
 * when, whether it passed validation, and whether it was published.
 */
@Entity
@Table(name = "ruleset_version")
public class RulesetVersionRecord extends PanacheEntityBase {
    public static final String DRAFT = "DRAFT";
    public static final String REJECTED = "REJECTED";
    public static final String PUBLISHED = "PUBLISHED";

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "ruleset_version_seq")
    @SequenceGenerator(name = "ruleset_version_seq", sequenceName = "ruleset_version_seq", allocationSize = 50)
    public Long id;
    public String model;
    public String version;
    public String status;
    /** Where the files came from: "api" (a draft upload), "folder" (the rules folder). */
    public String origin;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "created_by")
    public String createdBy;
    @Column(name = "published_at")
    public Instant publishedAt;
    @Column(name = "published_by")
    public String publishedBy;
    @Column(name = "change_summary")
    public String changeSummary;
    @JdbcTypeCode(SqlTypes.JSON)
    public List<BuildProblem> validation;
    @Column(name = "what_if")
    @JdbcTypeCode(SqlTypes.JSON)
    public WhatIf.Report whatIf;
    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "ruleset_file", joinColumns = @JoinColumn(name = "version_id"))
    @MapKeyColumn(name = "name")
    @Column(name = "bytes")
    public Map<String, byte[]> files = new TreeMap<>();

    public RuleFiles ruleFiles() {
        return RuleFiles.of(files);
    }

    public static RulesetVersionRecord find(String model, String version) {
        return find("model = ?1 and version = ?2", model, version).firstResult();
    }
}
