#!/usr/bin/env python3
# make.py: writes the model and progress cases of the bad-file catalogue
# from a small valid model and a valid progress log.  Run once by hand when
# the catalogue changes; the files it writes are checked in, and
# tests/bad.test holds each one to its exact message.
#   tests/bad/make.py BASE.tlm BASE.log
# Copyright (C) 2026 The TinyLLM authors.  GPL-3.0-or-later.
import struct, sys, zlib, os

here = os.path.dirname(os.path.abspath(__file__))
model = open(sys.argv[1], 'rb').read()
log = open(sys.argv[2], 'rb').read()

def fix_crc(b):
    b = bytearray(b)
    b[96:100] = b'\0\0\0\0'
    b[96:100] = struct.pack('<I', zlib.crc32(bytes(b)) & 0xffffffff)
    return bytes(b)

def put32(b, off, v, crc=True):
    b = bytearray(b)
    b[off:off + 4] = struct.pack('<I', v)
    return fix_crc(b) if crc else bytes(b)

def m(name, data):
    open(os.path.join(here, 'model', name + '.tlm'), 'wb').write(data)

tab = 128                                  # the tensor table
tok_off = struct.unpack('<Q', model[72:80])[0]
m('empty', b'')
m('text-file', b'This is not a model, it is a note.\n')
m('truncated-header', model[:100])
m('truncated-body', model[:len(model) // 2])
m('trailing-bytes', model + b'\0' * 16)
m('bad-magic', fix_crc(b'NOTAMODL' + model[8:]))
m('future-version', put32(model, 8, 99))
m('checksum-mismatch', model[:-1] + bytes([model[-1] ^ 0x55]))
m('dim-not-multiple-of-8', put32(model, 16, 30))
m('zero-layers', put32(model, 20, 0))
m('heads-do-not-divide', put32(model, 24, 3))
m('huge-vocab', put32(model, 36, 5000000))
m('bad-group-size', put32(model, 44, 48))
m('unknown-flags', put32(model, 60, 0x80))
m('tensor-type-unknown', put32(model, tab + 32, 7))
m('tensor-shape-wrong', put32(model, tab + 36, 999))
m('tensor-out-of-bounds', fix_crc(model[:tab + 48] + struct.pack('<Q', (len(model) * 4 + 63) // 64 * 64) + model[tab + 56:]))
m('tokenizer-outside', fix_crc(model[:72] + struct.pack('<Q', len(model) + 100) + model[80:]))
m('tokenizer-count-wrong', put32(model, tok_off, 299))
norm_off = struct.unpack('<Q', model[tab + 64 + 48:tab + 64 + 56])[0]   # tensor 1, "norm"
m('nan-weight', put32(model, norm_off + 8, 0x7fc00000))

def p(name, data):
    open(os.path.join(here, 'progress', name + '.log'), 'wb').write(data)

lines = log.split(b'\n')
head, sess, a1, a2 = lines[0], lines[1], lines[2], lines[3]
p('not-a-log', b'Ana got 6 right\n')
p('future-format', b'tinyllm-progress 99\nsomething\tnew\n')
p('checksum-mismatch', b'\n'.join([head, sess, a1.replace(b'\tright\t', b'\twrong\t')]) + b'\n')
p('not-tab-separated', b'\n'.join([head, sess, b'attempt 1 1 right']) + b'\n')
p('nul-bytes', b'\n'.join([head, sess, a1[:20] + b'\0' + a1[21:]]) + b'\n')
p('cut-off-last-line', b'\n'.join([head, sess, a1, a2[:30]]))
def crc(line):                              # a line with a right checksum
    return line + b'\t' + b'%08x' % (zlib.crc32(line) & 0xffffffff)
p('unknown-kind', b'\n'.join([head, sess, crc(b'reward\t1\t2\t3')]) + b'\n')
p('bad-session-line', b'\n'.join([head, crc(b'session\tone\tyesterday')]) + b'\n')
p('bad-attempt-line', b'\n'.join([head, sess, crc(b'attempt\t1\t1\tnot-a-date\tAna')]) + b'\n')
p('line-too-long', b'\n'.join([head, sess, b'attempt\t' + b'x' * 9000]) + b'\n')
p('attempt-twice', b'\n'.join([head, sess, a1, a1]) + b'\n')
