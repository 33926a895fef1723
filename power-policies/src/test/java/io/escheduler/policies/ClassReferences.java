package io.escheduler.policies;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The names a compiled class refers to, read from its constant pool (JVMS §4.4): every {@code CONSTANT_Utf8} entry
 * that is a class name or holds one in a descriptor or generic signature ({@code io/fabric8/kubernetes/api/model/Node},
 * {@code (Lio/quarkus/…;)V}, an annotation's {@code Ljakarta/inject/Inject;}). Whatever the source wrote (an import,
 * a fully qualified name, an annotation kept in the class file), the JVM needs the name here to link it.
 */
final class ClassReferences {

    private ClassReferences() {
    }

    /**
     * Every {@code CONSTANT_Utf8} string of the class file at {@code path} but the string literals' (a
     * {@code CONSTANT_String}'s text is data, not a name the class links to): class names, member names, descriptors,
     * signatures, attribute names.
     */
    static Set<String> names(Path path) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(Files.readAllBytes(path)))) {
            if (in.readInt() != 0xCAFEBABE) {
                throw new IllegalArgumentException(path + " is not a class file");
            }
            in.readUnsignedShort(); // minor
            in.readUnsignedShort(); // major
            int count = in.readUnsignedShort();
            Map<Integer, String> utf8 = new HashMap<>();
            Set<Integer> literals = new HashSet<>();
            for (int i = 1; i < count; i++) {
                int tag = in.readUnsignedByte();
                switch (tag) {
                    case 1 -> utf8.put(i, in.readUTF());                        // Utf8
                    case 8 -> literals.add(in.readUnsignedShort());             // String: its Utf8 is a literal
                    case 3, 4 -> in.skipBytes(4);                               // Integer, Float
                    case 5, 6 -> {                                              // Long, Double: two slots
                        in.skipBytes(8);
                        i++;
                    }
                    case 7, 16, 19, 20 -> in.skipBytes(2);                      // Class, MethodType, Module, Package
                    case 9, 10, 11, 12, 17, 18 -> in.skipBytes(4);              // refs, NameAndType, Dynamic, InvokeDynamic
                    case 15 -> in.skipBytes(3);                                 // MethodHandle
                    default -> throw new IllegalArgumentException(path + ": unknown constant pool tag " + tag + " at " + i);
                }
            }
            Set<String> names = new TreeSet<>();
            utf8.forEach((index, text) -> {
                if (!literals.contains(index)) {
                    names.add(text);
                }
            });
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The packages among {@code forbidden} (internal form, {@code io/quarkus/}) that the class at {@code path} refers
     * to: a class name starting with one, or a descriptor or signature naming one ({@code Lio/quarkus/…}).
     */
    static Set<String> forbidden(Path path, Set<String> forbidden) {
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
}
