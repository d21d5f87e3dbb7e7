package dev.leadscore.api;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.RecordComponent;

/**
 * The components of a record class, looked up once per class: {@link Class#getRecordComponents()}
 * builds new reflection objects on every call, too slow for code that walks every request body.
 */
public final class Records {
    /** One component: its name, and reading it from a record of the class. */
    public record Component(String name, MethodHandle accessor) {
        public Object read(Object record) {
            try {
                return accessor.invokeExact(record);
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable e) {
                throw new IllegalStateException("Cannot read " + name + " of " + record.getClass().getName(), e);
            }
        }
    }

    private static final ClassValue<Component[]> COMPONENTS = new ClassValue<>() {
        @Override
        protected Component[] computeValue(Class<?> type) {
            RecordComponent[] parts = type.getRecordComponents();
            Component[] components = new Component[parts.length];
            for (int i = 0; i < parts.length; i++) {
                try {
                    parts[i].getAccessor().setAccessible(true);
                    MethodHandle accessor = MethodHandles.lookup().unreflect(parts[i].getAccessor())
                            .asType(MethodType.methodType(Object.class, Object.class));
                    components[i] = new Component(parts[i].getName(), accessor);
                } catch (ReflectiveOperationException | RuntimeException e) {
                    throw new IllegalStateException("Cannot read the components of " + type.getName(), e);
                }
            }
            return components;
        }
    };

    private Records() {
    }

    /** The components of {@code record}'s class in declaration order; its class must be a record. */
    public static Component[] components(Object record) {
        return COMPONENTS.get(record.getClass());
    }
}
