package io.escheduler.testing;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * What a compiled class refers to, read from its constant pool (JVMS §4.4), for architecture tests: whatever the source
 * wrote (an import, a fully qualified name, an annotation kept in the class file, a chain of calls), the JVM needs the
 * names here to link them.
 * <ul>
 *   <li>{@link #names}: every {@code CONSTANT_Utf8} entry that is a class name or holds one in a descriptor or generic
 *   signature ({@code io/fabric8/kubernetes/api/model/Node}, {@code (Lio/quarkus/…;)V}, {@code Ljakarta/inject/Inject;}).</li>
 *   <li>{@link #methodCalls}: every method the class calls ({@code CONSTANT_Methodref} and
 *   {@code CONSTANT_InterfaceMethodref}): its owner as the call site names it, its name and descriptor.</li>
 * </ul>
 */
public final class ClassFiles {

    /** A method a class calls: {@code owner} in internal form ({@code io/fabric8/kubernetes/client/dsl/Resource}). */
    public record MethodCall(String owner, String name, String descriptor) {

        @Override
        public String toString() {
            return owner.replace('/', '.') + "." + name + descriptor;
        }
    }

    private ClassFiles() {
    }

    /** Every {@code .class} file under {@code root}, in path order. */
    public static List<Path> under(Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(p -> p.toString().endsWith(".class")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Every {@code CONSTANT_Utf8} string of the class file at {@code path} but the string literals' (a
     * {@code CONSTANT_String}'s text is data, not a name the class links to): class names, member names, descriptors,
     * signatures, attribute names.
     */
    public static Set<String> names(Path path) {
        Pool pool = Pool.read(path);
        Set<String> names = new TreeSet<>();
        pool.utf8.forEach((index, text) -> {
            if (!pool.literals.contains(index)) {
                names.add(text);
            }
        });
        return names;
    }

    /**
     * The packages among {@code forbidden} (internal form, {@code io/quarkus/}) that the class at {@code path} refers
     * to: a class name starting with one, or a descriptor or signature naming one ({@code Lio/quarkus/…}).
     */
    public static Set<String> forbidden(Path path, Set<String> forbidden) {
        Set<String> found = new TreeSet<>();
        for (String s : names(path)) {
            for (String prefix : forbidden) {
                if (s.startsWith(prefix) || s.startsWith("[L" + prefix) || s.contains("L" + prefix)) {
                    found.add(prefix);
                }
            }
        }
        return found;
    }

    /** Every method the class at {@code path} calls, in constant pool order. */
    public static List<MethodCall> methodCalls(Path path) {
        Pool pool = Pool.read(path);
        List<MethodCall> calls = new ArrayList<>();
        for (int[] ref : pool.methodRefs) {
            String owner = pool.utf8.get(pool.classes.get(ref[0]));
            int[] nameAndType = pool.nameAndTypes.get(ref[1]);
            calls.add(new MethodCall(owner, pool.utf8.get(nameAndType[0]), pool.utf8.get(nameAndType[1])));
        }
        return calls;
    }

    /** The constant pool entries these checks read, by index. */
    private static final class Pool {
        final Map<Integer, String> utf8 = new HashMap<>();
        final Set<Integer> literals = new HashSet<>();
        /** Class entry → the Utf8 index of its name. */
        final Map<Integer, Integer> classes = new HashMap<>();
        /** NameAndType entry → {name, descriptor} Utf8 indexes. */
        final Map<Integer, int[]> nameAndTypes = new HashMap<>();
        /** {class index, NameAndType index} of every Methodref and InterfaceMethodref. */
        final List<int[]> methodRefs = new ArrayList<>();

        static Pool read(Path path) {
            Pool pool = new Pool();
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(Files.readAllBytes(path)))) {
                if (in.readInt() != 0xCAFEBABE) {
                    throw new IllegalArgumentException(path + " is not a class file");
                }
                in.readUnsignedShort(); // minor
                in.readUnsignedShort(); // major
                int count = in.readUnsignedShort();
                for (int i = 1; i < count; i++) {
                    int tag = in.readUnsignedByte();
                    switch (tag) {
                        case 1 -> pool.utf8.put(i, in.readUTF());                             // Utf8
                        case 8 -> pool.literals.add(in.readUnsignedShort());                  // String: its Utf8 is a literal
                        case 7 -> pool.classes.put(i, in.readUnsignedShort());                // Class
                        case 10, 11 -> pool.methodRefs.add(new int[] {in.readUnsignedShort(), in.readUnsignedShort()});
                        case 12 -> pool.nameAndTypes.put(i, new int[] {in.readUnsignedShort(), in.readUnsignedShort()});
                        case 3, 4, 9, 17, 18 -> in.skipBytes(4);                              // Integer, Float, Fieldref, Dynamic
                        case 5, 6 -> {                                                        // Long, Double: two slots
                            in.skipBytes(8);
                            i++;
                        }
                        case 16, 19, 20 -> in.skipBytes(2);                                   // MethodType, Module, Package
                        case 15 -> in.skipBytes(3);                                           // MethodHandle
                        default -> throw new IllegalArgumentException(path + ": unknown constant pool tag " + tag + " at " + i);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return pool;
        }
    }
}
