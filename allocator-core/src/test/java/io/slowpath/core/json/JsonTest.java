package io.slowpath.core.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
    @Test
    void documentIsAnIndentedObjectWithAFinalNewline() {
        Json j = new Json();
        j.put("a", 1).put("b", 0.25).put("c", Double.NaN).put("d", true).put("e", (String) null);
        j.array("xs").object(null).put("k", "v").end().endArray();
        j.object("empty").end();
        assertEquals("{\n  \"a\": 1,\n  \"b\": 0.25,\n  \"c\": null,\n  \"d\": true,\n  \"e\": null,\n"
            + "  \"xs\": [\n    {\n      \"k\": \"v\"\n    }\n  ],\n  \"empty\": {}\n}\n", j.toString());
    }

    @Test
    void unbalancedDocumentIsRefused() {
        Json j = new Json();
        j.object("open");
        assertThrows(IllegalStateException.class, j::toString);
    }

    @Test
    void bareWriterCompactHasNoWhitespace() {
        Json j = Json.writer(false);
        j.array(null).object(null).key("v").value(3).key("s").value("x").end().value((String) null).endArray();
        assertEquals("[{\"v\":3,\"s\":\"x\"},null]", j.toString());
    }

    @Test
    void treeKeepsMapOrderAndWritesEmptyContainersInline() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("z", 1L);
        m.put("a", List.of("q\"\n\u0001", false));
        m.put("none", Map.of());
        m.put("list", List.of());
        assertEquals("{\n  \"z\": 1,\n  \"a\": [\n    \"q\\\"\\n\\u0001\",\n    false\n  ],\n  \"none\": {},\n"
            + "  \"list\": []\n}\n", Json.write(m));
    }
}
