import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

/**
 * Generates N sales-led leads with 3 events each directly in the service's database (as an import
 * would: no scores yet), for the bulk re-score benchmark. Profiles and events are drawn from
 * small pools by the row number, so the data is the same on every run.
 *
 * Usage: java -cp postgresql.jar bench/GenerateLeads.java jdbc:postgresql://localhost:5544/postgres 1000000
 */
public class GenerateLeads {
    public static void main(String[] args) throws Exception {
        String url = args[0];
        long count = Long.parseLong(args[1]);
        try (Connection c = DriverManager.getConnection(url, "postgres", "postgres"); Statement s = c.createStatement()) {
            long step = 100_000;
            for (long from = 1; from <= count; from += step) {
                long to = Math.min(count, from + step - 1);
                s.executeUpdate("""
                        insert into lead (id, model, profile, created_at, updated_at, version)
                        select 'gen-' || lpad(g::text, 9, '0'), 'sales-led', jsonb_build_object(
                                 'email', 'user' || g || '@' || (array['acme.io','gmail.com','initech.de','cs.mit.edu','competitor.com'])[1 + g % 5],
                                 'title', (array['VP Sales','Director of Marketing','Engineer','Account Manager','CEO','PhD Student','Head of Growth'])[1 + g % 7],
                                 'country', (array['US','Germany','Brazil','UK','France','India'])[1 + g % 6],
                                 'company', jsonb_build_object('name', 'Company ' || g,
                                     'industry', (array['SaaS','Retail','Technology','Healthcare'])[1 + g % 4],
                                     'employees', (g * 37) % 3000,
                                     'techStack', case when g % 3 = 0 then jsonb_build_array('Salesforce') else jsonb_build_array() end)),
                               now(), now(), 0
                        from generate_series(:from, :to) g
                        """.replace(":from", Long.toString(from)).replace(":to", Long.toString(to)));
                s.executeUpdate("""
                        insert into lead_event (id, lead_id, event_id, type, occurred_at, properties, received_at)
                        select nextval('lead_event_seq'), 'gen-' || lpad(g::text, 9, '0'), 'gen-' || g || '-' || k,
                               (array['page_view','email_open','form_submit','webinar_attended','content_download'])[1 + (g + k) % 5],
                               now() - make_interval(days => ((g * 7 + k * 13) % 120)::int),
                               (array['{"path":"/pricing"}','{}','{"form":"demo_request"}','{}','{"asset":"case_study"}'])[1 + (g + k) % 5]::jsonb,
                               now()
                        from generate_series(:from, :to) g, generate_series(1, 3) k
                        """.replace(":from", Long.toString(from)).replace(":to", Long.toString(to)));
                System.out.printf("generated leads %d..%d%n", from, to);
            }
            s.execute("analyze lead; analyze lead_event");
        }
    }
}
