package dev.leadscore.api;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.jackson.ObjectMapperCustomizer;

/**
 * JSON reading rules of the API: one event may be sent where an array is expected; a body read
 * through {@link JsonFieldProblems#collecting} goes on past values of the wrong type; instants
 * in their usual form are read and written by {@link InstantText}.
 */
@Singleton
public class JsonSettings implements ObjectMapperCustomizer {
    @Override
    public void customize(ObjectMapper mapper) {
        mapper.enable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY);
        mapper.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        mapper.enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS);
        mapper.addHandler(new JsonFieldProblems());
        mapper.registerModule(InstantText.module());
    }

    /** After Quarkus' own customizer, which registers the Java time module: the module registered last wins. */
    @Override
    public int priority() {
        return MINIMUM_PRIORITY;
    }
}
