/**
 * Python for tests that drive pool_server's zygote by hand: `ask_job(ours)` asks the zygote at the
 * other end of the socket `ours` for one job (a fork with four fresh pipes and an empty plan, as
 * the server asks) and returns its two replies (the child's pid, then its wait status). Paste it
 * into a script that has imported os, json, socket and array.
 */
export const ASK_JOB_PY = `
def ask_job(ours):
    pipes = [os.pipe() for _ in range(4)]
    ours.sendmsg([b'{"op":"fork","callsKey":null}'], [(socket.SOL_SOCKET, socket.SCM_RIGHTS, array.array("i", [r for r, _ in pipes]))])
    os.write(pipes[0][1], b"{}")
    for r, w in pipes:
        os.close(r)
        os.close(w)
    return [json.loads(ours.recv(100)) for _ in range(2)]
`;
