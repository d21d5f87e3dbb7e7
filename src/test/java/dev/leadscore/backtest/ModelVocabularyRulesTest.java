package dev.leadscore.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.leadscore.scoring.table.Condition;
import dev.leadscore.scoring.table.Field;
import dev.leadscore.scoring.table.ModelTables;
import dev.leadscore.scoring.table.Operator;
import dev.leadscore.scoring.table.TableRow;
import dev.leadscore.scoring.table.ValueGroups;

/** Which value-map entries decide what the model decides, entry by entry, without a service. */
class ModelVocabularyRulesTest {
    static final List<ValueGroups.Group> GROUPS = List.of(
            new ValueGroups.Group(Field.crm("occupation"), "professional", List.of("Working Professional", "Businessman")),
            new ValueGroups.Group(Field.of(Field.Kind.EVENT_TYPE, "Event type"), "high intent", List.of("demo_request")),
            new ValueGroups.Group(Field.property("form", "Form"), "contact", List.of("contact_us")));
    static final ModelTables TABLES = new ModelTables(List.of(new TableRow(TableRow.Kind.FIT, "Mid-market", null, 10, 0,
            null, false, List.of(new Condition(Field.of(Field.Kind.EMPLOYEES, "Employees"), Operator.FROM, List.of(), 50, "B5")),
            null, 0, 0, "fit.xlsx!Fit!A5", null)), List.of(), ValueGroups.of(GROUPS), List.of(), GROUPS);

    static List<String> conflicts(String values, String events) {
        String yaml = """
                leads:
                  id: Id
                  asOfDate: now
                  outcome: {column: Outcome, converted: [Won]}
                  fields: {attributes.occupation: Occupation, company.employees: Employees, attributes.visits: Visits}
                  values:
                %s
                %s""".formatted(values, events);
        Mapping m = Mapping.parse(yaml.getBytes(StandardCharsets.UTF_8), "m.yaml");
        return ModelVocabulary.conflicts(m, TABLES).stream().map(ModelVocabulary.Conflict::toString).toList();
    }

    @Test
    void translationsIntoTheModelsWordsPass() {
        assertThat(conflicts("""
                    attributes.occupation: {Entrepreneur: Businessman, WORKING PROFESSIONAL: working professional}
                    company.employees: {"1,200": "1200", "11-50": "30"}
                    attributes.visits: {"5": "50"}
                """, "")).isEmpty();
    }

    @Test
    void regroupingAValueOrMovingANumberIsRefusedWithItsKey() {
        assertThat(conflicts("""
                    attributes.occupation: {Businessman: professional, Student: Professional, Working Professional: ""}
                    company.employees: {"49": "50"}
                """, "")).satisfiesExactlyInAnyOrder(
                c -> assertThat(c).startsWith("leads.values.attributes.occupation: 'Businessman' is mapped to 'professional'")
                        .contains("it is in the group already"),
                c -> assertThat(c).startsWith("leads.values.attributes.occupation: 'Student' is mapped to 'Professional'")
                        .contains("add it to the group's Values in the model"),
                c -> assertThat(c).startsWith("leads.values.attributes.occupation: 'Working Professional' is in the model's"
                        + " value group 'professional'"),
                c -> assertThat(c).startsWith("leads.values.company.employees: '49' is already a number")
                        .contains("'Employees from'"));
    }

    @Test
    void eventTypesAndPropertiesAreCheckedAgainstTheirGroupsToo() {
        assertThat(conflicts("", """
                events:
                  leadId: Id
                  type: Type
                  occurredAt: At
                  types: {Demo: high intent, Web Form: form_submit}
                  propertyValues:
                    form: {contact_us: contact_form}
                """)).containsExactlyInAnyOrder(
                "events.types: 'Demo' is mapped to 'high intent', a value group of the model (high intent: demo_request);"
                        + " the model's Value groups table decides which values belong to it. Remove this entry; if 'Demo'"
                        + " belongs in the group, add it to the group's Values in the model",
                "events.propertyValues.form: 'contact_us' is in the model's value group 'contact', which live scoring"
                        + " applies to it as it is; mapping it to 'contact_form' would score it differently in a backtest."
                        + " Remove this entry, or change the group in the model");
    }
}
