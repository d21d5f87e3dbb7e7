package dev.leadscore.leads;

import java.util.List;

/** One page of a longer list, newest first. */
public record Page<T>(List<T> items, int page, int size, long total) {
}
