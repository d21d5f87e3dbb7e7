package dev.leadscore.leads;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The kept events of recent leads are bounded by leads and by events, the least recently used going first. */
class LruByWeightTest {
    @Test
    void keepsAtMostTheBudgetDroppingTheLeastRecentlyUsed() {
        LruByWeight<String> kept = new LruByWeight<>(3, 10, String::length);
        kept.put("a", "xxxx");
        kept.put("b", "xxx");
        kept.put("c", "xx");
        assertThat(kept.weight()).isEqualTo(9);
        kept.get("a"); // now b is the least recently used
        kept.put("d", "xx"); // 4 entries and weight 11: b goes, then the budget holds
        assertThat(kept.get("b")).isNull();
        assertThat(kept.get("a")).isEqualTo("xxxx");
        assertThat(kept.size()).isEqualTo(3);
        assertThat(kept.weight()).isEqualTo(8);

        kept.put("e", "xxxxxxx"); // weight 15: c, then a and d go (least recently used first)
        assertThat(kept.get("e")).isEqualTo("xxxxxxx");
        assertThat(kept.weight()).isLessThanOrEqualTo(10);
        assertThat(kept.get("c")).isNull();
    }

    @Test
    void replacingOrRemovingAValueGivesItsWeightBack() {
        LruByWeight<String> kept = new LruByWeight<>(10, 10, String::length);
        kept.put("a", "xxxxxx");
        kept.put("a", "xx");
        assertThat(kept.weight()).isEqualTo(2);
        kept.remove("a");
        kept.remove("missing");
        assertThat(kept.weight()).isZero();
        assertThat(kept.size()).isZero();
    }

    @Test
    void aValueHeavierThanTheWholeBudgetIsNotKeptAndEvictsNothing() {
        LruByWeight<String> kept = new LruByWeight<>(10, 5, String::length);
        kept.put("a", "xxx");
        kept.put("b", "xxxxxx");
        assertThat(kept.get("b")).isNull();
        assertThat(kept.get("a")).isEqualTo("xxx");
        assertThat(kept.weight()).isEqualTo(3);
    }
}
