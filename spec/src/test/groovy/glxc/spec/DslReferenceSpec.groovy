package glxc.spec

import glxc.dsl.Vocabulary
import spock.lang.Specification

import java.nio.file.Files
import java.nio.file.Path

/** docs/dsl.md documents every word and option of the DSL's table, so the reference cannot drift from it. */
class DslReferenceSpec extends Specification {
    static final String DOC = Files.readString(Path.of(System.getProperty('user.dir')).resolveSibling('docs/dsl.md'))

    def "every word and option is in the reference"() {
        expect:
        Vocabulary.TOP.every { DOC.contains("| `${it}` |") }
        (Vocabulary.CONTAINER.keySet() + Vocabulary.NETWORK.keySet() + Vocabulary.TEMPLATE.keySet() + Vocabulary.IMAGE.keySet()).every { DOC.contains("| `${it}` |") }
        (Vocabulary.CONTAINER + Vocabulary.TEMPLATE + Vocabulary.IMAGE).every { word, options -> options.every { DOC.contains("`${it}`") } }
    }

    def "the reference documents no word the DSL lacks"() {
        given:
        def documented = (DOC =~ /(?m)^\| `([a-zA-Z]+)` \|/).collect { it[1] } as Set

        expect:
        documented - (Vocabulary.TOP + Vocabulary.CONTAINER.keySet() + Vocabulary.NETWORK.keySet() + Vocabulary.TEMPLATE.keySet() + Vocabulary.IMAGE.keySet()) == [] as Set
    }
}
