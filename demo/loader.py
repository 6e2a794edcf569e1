def load_demo(s): return 'todo'
