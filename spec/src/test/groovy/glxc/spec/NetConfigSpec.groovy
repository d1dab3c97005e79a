package glxc.spec

import glxc.runtime.net.Cidr
import glxc.runtime.net.MacAddress
import glxc.runtime.net.NetlinkMessage
import glxc.runtime.net.NetlinkReply
import glxc.runtime.net.PortForward
import spock.lang.Specification

import java.nio.ByteBuffer
import java.nio.ByteOrder

/** The pure parts of networking: addresses, forwards, MACs, and the netlink codec's framing. */
class NetConfigSpec extends Specification {

    def "addresses parse as LXC writes them, with its classful default prefix"() {
        expect:
        Cidr.parse(text).toString() == expected

        where:
        text                | expected
        '10.213.3.10/24'    | '10.213.3.10/24'
        '10.213.3.10'       | '10.213.3.10/8'
        '192.168.1.2'       | '192.168.1.2/24'
        'fd00::10/64'       | 'fd00:0:0:0:0:0:0:10/64'
    }

    def "bad addresses are refused, and never looked up as names"() {
        when:
        Cidr.parse(text)

        then:
        IllegalArgumentException e = thrown()
        e.message.contains(message)

        where:
        text               | message
        '10.213.3.300/24'  | 'invalid IP address'
        'example.com/24'   | 'invalid IP address'
        '10.0.0.1/40'      | 'prefix length'
        '10.0.0.1/x'       | 'invalid prefix length'
    }

    def "a subnet knows its hosts"() {
        given:
        Cidr c = Cidr.parse('10.213.3.1/24')

        expect:
        c.network().hostAddress == '10.213.3.0'
        c.host(c.size() - 1).hostAddress == '10.213.3.255'
        c.contains(Cidr.address('10.213.3.77'))
        !c.contains(Cidr.address('10.213.4.1'))
    }

    def "port forwards read as docker -p writes them"() {
        expect:
        PortForward.parse(text).toString() == expected

        where:
        text                    | expected
        '8080:80'               | '8080:80/tcp'
        '5353:53/udp'           | '5353:53/udp'
        '127.0.0.1:8080:80/tcp' | '127.0.0.1:8080:80/tcp'
    }

    def "bad forwards are refused with the reason"() {
        when:
        PortForward.parse(text)

        then:
        IllegalArgumentException e = thrown()
        e.message.contains(message)

        where:
        text          | message
        '8080'        | 'expected [HOSTIP:]HOSTPORT:CONTAINERPORT'
        '8080:0'      | "invalid port '0'"
        '70000:80'    | "invalid port '70000'"
        '8080:80/sctp' | "unknown protocol 'sctp'"
    }

    def "x digits of a MAC are filled at random, and the result is unicast"() {
        expect:
        (1..50).every {
            String m = MacAddress.fill('xx:16:3e:xx:xx:xx')
            m ==~ /[0-9a-f]{2}(:[0-9a-f]{2}){5}/ && m.substring(3, 8) == '16:3e' && (Integer.parseInt(m.take(2), 16) & 1) == 0
        }
        MacAddress.derived('a/0') == MacAddress.derived('a/0')
        MacAddress.derived('a/0') != MacAddress.derived('a/1')
    }

    def "the codec frames a request as the kernel reads it: lengths, alignment, nesting"() {
        given:
        NetlinkMessage m = new NetlinkMessage(16, NetlinkMessage.NLM_F_ACK)
                .raw(NetlinkMessage.ifinfomsg(0, 0, 0, 0)).attrString(3, 'glxcab')
                .begin(18).attrString(1, 'veth').end()
        byte[] bytes = m.bytes(7)
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.nativeOrder())

        expect: "nlmsghdr: total length, type, flags with REQUEST, sequence"
        b.getInt(0) == bytes.length
        b.getShort(4) == 16
        b.getShort(6) == (NetlinkMessage.NLM_F_ACK | NetlinkMessage.NLM_F_REQUEST)
        b.getInt(8) == 7
        bytes.length % 4 == 0

        and: "the attributes read back through the reply parser, the nested one too"
        def attrs = new NetlinkReply.Attributes(ByteBuffer.wrap(bytes, 32, bytes.length - 32).slice().order(ByteOrder.nativeOrder()))
        attrs.string(3).get() == 'glxcab'
        attrs.nested(18).string(1).get() == 'veth'
    }
}
