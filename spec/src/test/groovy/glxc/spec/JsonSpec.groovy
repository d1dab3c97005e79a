package glxc.spec

import glxc.runtime.image.Json
import spock.lang.Specification

/** The JSON reader of OCI documents: what it reads, and bad documents named by offset instead of a crash. */
class JsonSpec extends Specification {

    def "objects, arrays, strings, numbers and literals"() {
        expect:
        Json.parse('{"a": [1, 2.5, "x\\u00e9\\n", true, null], "b": {}}') == [a: [1L, 2.5d, 'x\u00e9\n', true, null], b: [:]]
    }

    def "nesting up to 256 deep is read; deeper is an error, not a StackOverflowError: #what"() {
        expect:
        Json.parse('[' * 256 + ']' * 256) instanceof List

        when:
        Json.parse(doc)

        then:
        IllegalArgumentException e = thrown()
        e.message == "bad JSON at offset ${offset}: objects and arrays nested deeper than 256"

        where:
        what                | doc                                   | offset
        '100000 arrays'     | '[' * 100_000 + ']' * 100_000         | 256
        '300 objects'       | '{"a":' * 300 + '1' + '}' * 300       | 256 * 5
    }

    def "a document that ends inside an escape is an error"() {
        when:
        Json.parse(doc)

        then:
        IllegalArgumentException e = thrown()
        e.message.contains('unterminated string')

        where:
        doc << ['"abc\\', '"\\u12']
    }
}
