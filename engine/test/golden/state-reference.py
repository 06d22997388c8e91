"""Independent Python reference of docs/numerics.md Part III (PRNG, permutation, ...).

Written from the spec text, not from the TypeScript, and used to produce the expected values that the
engine's state tests assert (engine/src/prng/*.test.ts, ...). Python integers are exact, so the
32x32->64 products need no limb splitting here. Run: python3 engine/test/golden/state-reference.py
"""
import hashlib, struct
M0,M1,W0,W1=0xD2511F53,0xCD9E8D57,0x9E3779B9,0xBB67AE85
def philox(key,ctr):
    x=list(ctr);k=list(key)
    for r in range(10):
        p0=M0*x[0]; p1=M1*x[2]
        x=[(p1>>32)^x[1]^k[0], p1&0xffffffff, (p0>>32)^x[3]^k[1], p0&0xffffffff]
        k=[(k[0]+W0)&0xffffffff,(k[1]+W1)&0xffffffff]
    return x
def derive(seed,domain):
    d=hashlib.sha256(b"veritrain/prng/v1"+struct.pack('<Q',seed)+domain.encode()).digest()
    return list(struct.unpack('<II',d[:8]))
def word(key,i):
    b=i//4
    return philox(key,[b%2**32,b//2**32,0,0])[i%4]
def perm(key,n):
    p=list(range(n));t=0
    for i in range(n-1,0,-1):
        m=i+1;lim=2**32-(2**32%m)
        while True:
            w=word(key,t);t+=1
            if w<lim: break
        j=w%m;p[i],p[j]=p[j],p[i]
    return p
def f32(x): return struct.unpack('<f',struct.pack('<f',x))[0]
print([hex(v) for v in philox([0,0],[0,0,0,0])])
print([hex(v) for v in philox([0xffffffff]*2,[0xffffffff]*4)])
print([hex(v) for v in philox([0xa4093822,0x299f31d0],[0x243f6a88,0x85a308d3,0x13198a2e,0x03707344])])
k=derive(0,"test"); print("derive(0,test)",[hex(v) for v in k])
k2=derive(2**64-1,"init/layer0.weight"); print("derive(max,init/layer0.weight)",[hex(v) for v in k2])
k3=derive(42,"batch/epoch/3"); print("derive(42,batch/epoch/3)",[hex(v) for v in k3])
print("words 0..7 of derive(0,test)",[hex(word(k,i)) for i in range(8)])
print("word 2^40+5",hex(word(k,2**40+5)))
print("uniform 0..3",[ (word(k,i)>>8)/2**24 for i in range(4)])
print("fillUniform(-0.1,0.1)",[f32(f32(-0.1)+f32(f32(f32(0.1)-f32(-0.1))*((word(k,i)>>8)/2**24))) for i in range(6)])
print("perm(derive(0,test),10)",perm(k,10))
print("perm(derive(42,batch/epoch/3),16)",perm(k3,16))

def batch(root,seed,B,step,N):
    out=[]
    for q in range((step-1)*B, step*B):
        e=q//N
        out.append(perm(derive(seed,"batch/%s/epoch/%d"%(root,e)),N)[q%N])
    return out
ROOT="0x"+"ab"*32
print("batch root=0xab..ab seed=7 B=4 N=10 steps 1..6", [batch(ROOT,7,4,s,10) for s in range(1,7)])
print("epoch0",perm(derive(7,"batch/%s/epoch/0"%ROOT),10),"epoch1",perm(derive(7,"batch/%s/epoch/1"%ROOT),10))
print("batch root=0xab..ab seed=7 B=3 N=10 step 1000", batch(ROOT,7,3,1000,10))

# --- stateRoot (docs/numerics.md §III.4) ---
def state_root(data):
    assert len(data) > 0
    level=[hashlib.sha256(b"\x00"+data[i:i+4096]).digest() for i in range(0,len(data),4096)]
    while len(level)>1:
        up=[hashlib.sha256(b"\x01"+level[i]+level[i+1]).digest() for i in range(0,len(level)-1,2)]
        if len(level)%2: up.append(level[-1])
        level=up
    return "0x"+level[0].hex()
def pattern(n): return bytes(i%251 for i in range(n))
for n in [1,4096,4097,3*4096+5,5*4096]:
    print("stateRoot(pattern(%d))"%n, state_root(pattern(n)))

# --- checkpoint encoding (docs/numerics.md §III.3) ---
import json
def encode_checkpoint(spec_hash, step, tensors, meta=None):
    tensors=sorted(tensors,key=lambda t:t[0].encode())
    entries=[];data=b"";
    for name,shape,values in tensors:
        raw=struct.pack("<%df"%len(values),*values)
        entries.append('{"name":%s,"shape":[%s],"dtype":"f32","byteOffset":%d,"byteLength":%d}'%(json.dumps(name,ensure_ascii=False),",".join(map(str,shape)),len(data),len(raw)))
        data+=raw
    h='{"specHash":"%s","step":%d,"tensors":[%s]'%(spec_hash,step,",".join(entries))
    if meta:
        items=[]
        for k in sorted(meta,key=lambda k:k.encode()):
            v=meta[k]
            items.append(json.dumps(k,ensure_ascii=False)+":"+("true" if v is True else "false" if v is False else json.dumps(v,ensure_ascii=False)))
        h+=',"meta":{%s}'%",".join(items)
    h=(h+"}").encode()
    start=-(-(16+len(h))//64)*64
    out=b"\x89VTCK\r\n\x1a"+struct.pack("<II",1,len(h))+h
    out+=b"\x00"*(start-len(out))+data
    return out,h
ck,hdr=encode_checkpoint("0x"+"11"*32,3,[
    ("b",[2,3],[1.0,-2.0,0.5,-0.0,3.25,1e-40]),
    ("a",[],[42.0]),
    ("layers.0.weight",[4],[0.1,-0.1,1e30,-3.4028234663852886e38])],
    {"note":"h\u00e9llo\n","lr":0.001,"ok":True,"epoch":2})
print("golden checkpoint header",hdr.decode())
print("golden checkpoint length",len(ck),"sha256",hashlib.sha256(ck).hexdigest(),"stateRoot",state_root(ck))
print("golden checkpoint hex",ck.hex())
